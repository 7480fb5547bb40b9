package dev.agora.product.product;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A product's state, stored and sent lowercase: a {@code draft} only its vendor sees, {@code active}
 * in the catalogue, {@code archived} once withdrawn (orders and links still refer to it).
 */
public enum ProductStatus {
    DRAFT, ACTIVE, ARCHIVED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProductStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
