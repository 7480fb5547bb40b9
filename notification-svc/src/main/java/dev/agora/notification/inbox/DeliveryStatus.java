package dev.agora.notification.inbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A notification's delivery, stored and sent lowercase: in-app ones are {@code delivered} when
 * written; emails are {@code pending} until {@code sent}, or {@code failed} once dead-lettered.
 */
public enum DeliveryStatus {
    DELIVERED, PENDING, SENT, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeliveryStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
