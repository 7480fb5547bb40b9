package dev.agora.inventory.reservation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A reservation's state, stored and sent lowercase: {@code held} until the order is paid
 * ({@code committed}: the stock left the shelf) or given up ({@code released}).
 */
enum ReservationStatus {
    HELD, COMMITTED, RELEASED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReservationStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
