package dev.agora.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.inventory.stock.Allocation;

/**
 * The stock held for one order.
 *
 * @param status {@code held}, {@code committed} (the order is paid; stock left the shelf) or
 *        {@code released}
 */
record Reservation(UUID orderId, ReservationStatus status, Instant expiresAt, Instant createdAt, Instant updatedAt, String reason,
        List<Line> items) {

    /**
     * A line as reserved; {@code released} once its stock went back on its own or with the rest;
     * {@code allocations}: the locations its units were taken from.
     */
    record Line(UUID productId, int quantity, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean released,
            List<Allocation> allocations) {

        Line(UUID productId, int quantity) {
            this(productId, quantity, false, List.of());
        }

        /** What was reserved, whatever happened to it since: replays compare these. */
        Line asReserved() {
            return new Line(productId, quantity);
        }
    }
}
