package dev.agora.inventory.location;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a location is, stored and sent lowercase; both hold stock and ship orders alike. */
public enum LocationKind {
    WAREHOUSE, STORE;

    /** The values a request may name, for its {@code @Pattern}. */
    static final String VALUES = "warehouse|store";

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LocationKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
