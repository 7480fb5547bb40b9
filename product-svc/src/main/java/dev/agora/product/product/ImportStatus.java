package dev.agora.product.product;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** An import job's state, stored and sent lowercase: queued → running → completed or failed. */
enum ImportStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ImportStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
