package dev.agora.notification.newsletter;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a newsletter is: still being handed to its recipients, or handed to all of them. */
enum NewsletterStatus {
    SENDING, SENT;

    @JsonValue
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static NewsletterStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
