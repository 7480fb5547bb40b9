package dev.agora.notification.preferences;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a notification is about, as far as a user's choices go, sent lowercase. Transactional
 * mail (orders, payments, the account) always goes out; the others can be turned off by email.
 * In-app notifications always arrive: the inbox is where nothing is missed.
 */
public enum Topic {
    TRANSACTIONAL(false, "Orders, payments and your account"),
    LOW_STOCK(true, "Low-stock digests: the products you sell that run low, gathered into one email"),
    MARKETING(true, "News and offers from Agora");

    private final boolean optional;
    private final String description;

    Topic(boolean optional, String description) {
        this.optional = optional;
        this.description = description;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Topic of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether a user may turn its email off. */
    boolean optional() {
        return optional;
    }

    String description() {
        return description;
    }
}
