package dev.agora.order.order;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;

/** The vendors' parts of orders that shipped; every write runs in the caller's transaction. */
@Repository
class FulfilmentRepository {

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
}
