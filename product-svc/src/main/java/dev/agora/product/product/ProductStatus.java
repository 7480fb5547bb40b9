package dev.agora.product.product;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    /** The status a query parameter names exactly as the API spells it ({@code draft}, not {@code DRAFT}), if any. */
    static Optional<ProductStatus> named(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
    }
}
