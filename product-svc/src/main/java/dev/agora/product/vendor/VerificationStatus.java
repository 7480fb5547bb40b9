package dev.agora.product.vendor;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a vendor's verification stands, stored and sent lowercase: {@code pending} until an admin
 * {@code verified} or {@code rejected} it. Only a verified, active vendor's products are public.
 */
public enum VerificationStatus {
    PENDING, VERIFIED, REJECTED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerificationStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
