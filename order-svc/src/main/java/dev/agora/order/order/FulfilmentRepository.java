package dev.agora.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;

/** The vendors' parts of orders that shipped or were cancelled; every write runs in the caller's transaction. */
@Repository
public class FulfilmentRepository {

    private final DatabaseClient db;

    FulfilmentRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Ships one vendor's part; false when it had shipped already. */
    Mono<Boolean> ship(UUID orderId, UUID vendorId, String carrier, String trackingNumber, Instant now) {
        return db.sql("""
                INSERT INTO order_fulfilments (order_id, vendor_id, status, carrier, tracking_number, shipped_at)
                VALUES (:o, :v, 'SHIPPED', :carrier, :tracking, :now)
                ON CONFLICT ON CONSTRAINT order_fulfilments_key DO NOTHING""")
            .bind("o", orderId)
            .bind("v", SqlValues.orNull(vendorId, UUID.class))
            .bind("carrier", SqlValues.orNull(carrier, String.class))
            .bind("tracking", SqlValues.orNull(trackingNumber, String.class))
            .bind("now", now)
            .fetch().rowsUpdated().map(inserted -> inserted > 0);
    }

    /** Ships every part of the order not shipped yet, without tracking (an admin's "all shipped"). */
    Mono<Void> shipRest(UUID orderId, Instant now) {
        return db.sql("""
                INSERT INTO order_fulfilments (order_id, vendor_id, status, shipped_at)
                SELECT DISTINCT order_id, vendor_id, 'SHIPPED', CAST(:now AS timestamptz) FROM order_items WHERE order_id = :o
                ON CONFLICT ON CONSTRAINT order_fulfilments_key DO NOTHING""")
            .bind("o", orderId)
            .bind("now", now)
            .then();
    }

    /** Marks one vendor's shipped part delivered; false when it was not on its way. */
    Mono<Boolean> deliver(UUID orderId, UUID vendorId, Instant now) {
        return db.sql("""
                UPDATE order_fulfilments SET status = 'DELIVERED', delivered_at = :now
                WHERE order_id = :o AND vendor_id IS NOT DISTINCT FROM :v AND status = 'SHIPPED'""")
            .bind("o", orderId)
            .bind("v", SqlValues.orNull(vendorId, UUID.class))
            .bind("now", now)
            .fetch().rowsUpdated().map(updated -> updated > 0);
    }

    /** Marks every shipped part of the order delivered (an admin's "all delivered"). */
    Mono<Void> deliverAll(UUID orderId, Instant now) {
        return db.sql("""
                UPDATE order_fulfilments SET status = 'DELIVERED', delivered_at = :now
                WHERE order_id = :o AND status = 'SHIPPED'""")
            .bind("o", orderId)
            .bind("now", now)
            .then();
    }

    /** Cancels one vendor's part not shipped yet, to be refunded {@code refund}; false when it had shipped or was cancelled. */
    Mono<Boolean> cancel(UUID orderId, UUID vendorId, BigDecimal refund, Instant now) {
        return db.sql("""
                INSERT INTO order_fulfilments (order_id, vendor_id, status, cancelled_at, refund_amount)
                VALUES (:o, :v, 'CANCELLED', :now, :refund)
                ON CONFLICT ON CONSTRAINT order_fulfilments_key DO NOTHING""")
            .bind("o", orderId)
            .bind("v", SqlValues.orNull(vendorId, UUID.class))
            .bind("now", now)
            .bind("refund", refund)
            .fetch().rowsUpdated().map(inserted -> inserted > 0);
    }

    /** A cancelled part whose refund and restock are still to run. */
    public record Uncompensated(UUID vendorId, BigDecimal refund) {
    }

    /** The order's cancelled parts whose refund and restock are still to run, in a stable order. */
    public Flux<Uncompensated> uncompensated(UUID orderId) {
        return db.sql("""
                SELECT vendor_id, refund_amount FROM order_fulfilments
                WHERE order_id = :o AND status = 'CANCELLED' AND compensated_at IS NULL ORDER BY cancelled_at, vendor_id""")
            .bind("o", orderId)
            .map((row, meta) -> new Uncompensated(row.get("vendor_id", UUID.class), row.get("refund_amount", BigDecimal.class)))
            .all();
    }

    /** The part's refund and restock are done. */
    public Mono<Void> compensated(UUID orderId, UUID vendorId, Instant now) {
        return db.sql("""
                UPDATE order_fulfilments SET compensated_at = :now
                WHERE order_id = :o AND vendor_id IS NOT DISTINCT FROM :v AND status = 'CANCELLED'""")
            .bind("now", now)
            .bind("o", orderId)
            .bind("v", SqlValues.orNull(vendorId, UUID.class))
            .then();
    }

    /** Every cancelled part of the order is settled: the whole order's refund and release covered them. */
    public Mono<Void> compensateAll(UUID orderId, Instant now) {
        return db.sql("""
                UPDATE order_fulfilments SET compensated_at = :now
                WHERE order_id = :o AND status = 'CANCELLED' AND compensated_at IS NULL""")
            .bind("now", now)
            .bind("o", orderId)
            .then();
    }
}
