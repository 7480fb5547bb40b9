package dev.agora.product.product;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a product stands with the admins, stored and sent lowercase. Only an {@code approved}
 * product reaches shoppers; a vendor's new product, and an approved or rejected one whose name,
 * description or images the vendor changed, is {@code pending_review}; a {@code rejected} one
 * carries the admin's reason.
 */
public enum Moderation {
    PENDING_REVIEW, APPROVED, REJECTED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Moderation of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
