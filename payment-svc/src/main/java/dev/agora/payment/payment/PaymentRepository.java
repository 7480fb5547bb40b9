package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads payments and refunds. */
@Repository
class PaymentRepository {

    /** A payment's columns, as {@link #payment} reads them. */
    static final String COLUMNS = """
            id, order_id, user_id, amount, currency, refunded_amount, status, payment_method, card_brand, card_last4,
            provider, provider_reference, failure_code, failure_message, order_reference, created_at, updated_at""";

    private static final String REFUND_COLUMNS = """
            r.id, r.payment_id, r.amount, p.currency, r.reason, r.status, r.provider_reference, r.requested_by, r.created_at
            FROM refunds r JOIN payments p ON p.id = r.payment_id""";

    private final DatabaseClient db;

    PaymentRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Payment> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM payments WHERE id = :id").bind("id", id).map(PaymentRepository::payment).one();
    }

    /** Locks the payment for the rest of the transaction. */
    Mono<Payment> lock(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM payments WHERE id = :id FOR UPDATE").bind("id", id)
            .map(PaymentRepository::payment).one();
    }

    Flux<Payment> findByOrder(UUID orderId) {
        return db.sql("SELECT " + COLUMNS + " FROM payments WHERE order_id = :o ORDER BY created_at, id").bind("o", orderId)
            .map(PaymentRepository::payment).all();
    }

    Flux<Refund> refunds(UUID paymentId) {
        return db.sql("SELECT " + REFUND_COLUMNS + " WHERE r.payment_id = :p ORDER BY r.created_at, r.id")
            .bind("p", paymentId)
            .map(PaymentRepository::refund)
            .all();
    }

    Mono<Refund> refundByKey(UUID paymentId, String key) {
        return db.sql("SELECT " + REFUND_COLUMNS + " WHERE r.payment_id = :p AND r.idempotency_key = :k")
            .bind("p", paymentId)
            .bind("k", key)
            .map(PaymentRepository::refund)
            .one();
    }

    Mono<Refund> findRefund(UUID refundId) {
        return db.sql("SELECT " + REFUND_COLUMNS + " WHERE r.id = :r").bind("r", refundId).map(PaymentRepository::refund).one();
    }

    /** What refunds in flight hold of the payment: not yet confirmed, but no longer refundable by anyone else. */
    Mono<BigDecimal> pendingRefunds(UUID paymentId) {
        return db.sql("SELECT COALESCE(sum(amount), 0) FROM refunds WHERE payment_id = :p AND status = 'pending'")
            .bind("p", paymentId)
            .map((row, meta) -> row.get(0, BigDecimal.class))
            .one();
    }

    /** Refunds the provider has not confirmed yet, oldest first. */
    Flux<UUID> pendingRefundsBefore(Instant before) {
        return db.sql("SELECT id FROM refunds WHERE status = 'pending' AND created_at < :before ORDER BY created_at LIMIT 100")
            .bind("before", before)
            .map((row, meta) -> row.get("id", UUID.class))
            .all();
    }

    static Payment payment(Readable row) {
        return new Payment(row.get("id", UUID.class), row.get("order_id", UUID.class), row.get("user_id", UUID.class),
                row.get("amount", BigDecimal.class), row.get("currency", String.class),
                row.get("refunded_amount", BigDecimal.class), PaymentStatus.of(row.get("status", String.class)),
                row.get("payment_method", String.class), row.get("card_brand", String.class),
                row.get("card_last4", String.class), row.get("provider", String.class),
                row.get("provider_reference", String.class), row.get("failure_code", String.class),
                row.get("failure_message", String.class), row.get("order_reference", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    private static Refund refund(Readable row) {
        return new Refund(row.get("id", UUID.class), row.get("payment_id", UUID.class), row.get("amount", BigDecimal.class),
                row.get("currency", String.class), row.get("reason", String.class), RefundStatus.of(row.get("status", String.class)),
                row.get("provider_reference", String.class), row.get("requested_by", String.class),
                row.get("created_at", Instant.class));
    }
}
