package dev.agora.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The stock held for one order.
 *
 * @param status {@code held}, {@code committed} (the order is paid; stock left the shelf) or
 *        {@code released}
 */
record Reservation(UUID orderId, ReservationStatus status, Instant expiresAt, Instant createdAt, Instant updatedAt, String reason,
        List<Line> items) {

    record Line(UUID productId, int quantity) {
    }
}
