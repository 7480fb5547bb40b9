package dev.agora.payment.payment;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A refund's state, stored and sent lowercase: {@code pending} until the provider confirmed it. */
enum RefundStatus {
    PENDING, SUCCEEDED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RefundStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
