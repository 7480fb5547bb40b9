package dev.agora.payment.payment;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A payment's state, stored and sent lowercase: {@code pending} until the provider answered, then
 * {@code succeeded} or {@code failed}; refunds make a succeeded one {@code partially_refunded} or
 * {@code refunded}.
 */
enum PaymentStatus {
    PENDING, SUCCEEDED, FAILED, REFUNDED, PARTIALLY_REFUNDED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PaymentStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
