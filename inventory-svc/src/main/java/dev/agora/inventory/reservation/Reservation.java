package dev.agora.inventory.reservation;

import java.time.Instant;
import java.util.Comparator;
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
     * PostgreSQL's order of uuids, byte by byte, which is not {@link UUID#compareTo}'s (signed): a
     * reservation built in memory lists its lines and allocations as one read back would.
     */
    static final Comparator<UUID> AS_STORED = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** A new reservation as written: its lines (each with its allocations) in stored order. */
    static Reservation held(UUID orderId, Instant expiresAt, Instant now, List<Line> lines) {
        return new Reservation(orderId, ReservationStatus.HELD, expiresAt, now, now, null, lines.stream()
            .map(line -> new Line(line.productId(), line.quantity(), line.released(), line.allocations().stream()
                .sorted(Comparator.comparing(Allocation::locationId, AS_STORED)).toList()))
            .sorted(Comparator.comparing(Line::productId, AS_STORED))
            .toList());
    }

    /** This reservation, as read under its lock, once its status moved at {@code now}. */
    Reservation moved(ReservationStatus to, String newReason, Instant now) {
        List<Line> lines = to != ReservationStatus.RELEASED ? items
                : items.stream().map(line -> new Line(line.productId(), line.quantity(), true, line.allocations())).toList();
        return new Reservation(orderId, to, expiresAt, createdAt, now, newReason, lines);
    }

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
