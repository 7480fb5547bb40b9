package dev.agora.order.saga;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderRepository;
import dev.agora.order.order.OrderStatus;
import dev.agora.order.order.SagaStep;

/**
 * The saga's columns of an order: its step, attempts, last error and lease. Every move is
 * conditional on the step the caller read, so two drivers can never both advance one order.
 */
@Repository
class SagaSteps {

    private static final String ADVANCE = """
            UPDATE orders SET saga_step = :next, saga_attempts = 0, saga_last_error = NULL, saga_lease_until = :lease,
                saga_outcome = COALESCE(:outcome, saga_outcome), failure_code = COALESCE(:code, failure_code),
                status_reason = COALESCE(:reason, status_reason), payment_id = COALESCE(:payment, payment_id),
                updated_at = :now
            WHERE id = :id AND saga_step = :current
            RETURNING %s""".formatted(OrderRepository.COLUMNS);

    private final DatabaseClient db;
    private final OrderRepository orders;

    SagaSteps(DatabaseClient db, OrderRepository orders) {
        this.db = db;
        this.orders = orders;
    }

    /**
     * Moves from {@code current} to {@code next}, keeping the outcome, failure code, reason and
     * payment when given. Returns the order's row as the move left it (without its lines and
     * parts), so that the next step sees what others changed meanwhile without reading it again;
     * empty when the order was no longer at {@code current}.
     */
    Mono<Order> advance(UUID orderId, SagaStep current, SagaStep next, Instant leaseUntil, Instant now,
            OrderStatus outcome,
            String failureCode, String reason, UUID paymentId) {
        var update = db.sql(ADVANCE)
            .bind("next", next.column())
            .bind("lease", leaseUntil)
            .bind("now", now)
            .bind("id", orderId)
            .bind("current", current.column());
        update = update.bind("outcome", SqlValues.orNull(outcome == null ? null : outcome.name(), String.class));
        update = update.bind("code", SqlValues.orNull(failureCode, String.class));
        update = update.bind("reason", SqlValues.orNull(reason, String.class));
        update = update.bind("payment", SqlValues.orNull(paymentId, UUID.class));
        return update.map(orders::row).one();
    }

    /** The final step: no lease, no error; run it in the transaction that moves the order's status. */
    Mono<Void> finish(UUID orderId, SagaStep step, Instant now) {
        return db.sql("""
                UPDATE orders SET saga_step = :step, saga_lease_until = NULL, saga_last_error = NULL, updated_at = :now
                WHERE id = :id""")
            .bind("step", step.column())
            .bind("now", now)
            .bind("id", orderId)
            .then();
    }

    /** Ends refund_parts unless a cancelled part is still uncompensated (cancelled meanwhile); false then. */
    Mono<Boolean> finishParts(UUID orderId, Instant now) {
        return db.sql("""
                UPDATE orders SET saga_step = 'done', saga_lease_until = NULL, saga_last_error = NULL, saga_attempts = 0,
                    updated_at = :now
                WHERE id = :id AND saga_step = 'refund_parts' AND NOT EXISTS (SELECT 1 FROM order_fulfilments f
                    WHERE f.order_id = :id AND f.status = 'CANCELLED' AND f.compensated_at IS NULL)""")
            .bind("now", now)
            .bind("id", orderId)
            .fetch().rowsUpdated().map(updated -> updated > 0);
    }

    Mono<Integer> attempts(UUID orderId) {
        return db.sql("SELECT saga_attempts FROM orders WHERE id = :id").bind("id", orderId)
            .map((row, meta) -> row.get(0, Integer.class)).one();
    }

    /** Counts a failed attempt of {@code step} and leases the order until the retry is due. */
    Mono<Void> retryAt(UUID orderId, SagaStep step, String error, Instant next) {
        return db.sql("""
                UPDATE orders SET saga_attempts = saga_attempts + 1, saga_last_error = :error, saga_lease_until = :next
                WHERE id = :id AND saga_step = :step""")
            .bind("error", error)
            .bind("next", next)
            .bind("id", orderId)
            .bind("step", step.column())
            .then();
    }

    /** What {@link SagaRecovery} needs to know to look again when, and only when, there is work. */
    Mono<Unfinished> unfinished() {
        return db.sql("""
                SELECT count(*) AS n, bool_or(saga_lease_until IS NULL) AS unleased, min(saga_lease_until) AS lease
                FROM orders WHERE saga_step <> 'done'""")
            .map((row, meta) -> new Unfinished(row.get("n", Long.class), Boolean.TRUE.equals(row.get("unleased", Boolean.class)),
                    row.get("lease", Instant.class)))
            .one();
    }

    /**
     * The sagas not yet done: how many, and when the first of them may be claimed (null when none
     * may ever be, because there are none).
     */
    record Unfinished(long count, boolean unleased, Instant earliestLease) {

        Instant claimableFrom(Instant now) {
            return unleased ? now : earliestLease;
        }
    }

    /**
     * Claims up to 20 unfinished sagas whose lease ran out (or that never had one), leasing them to
     * the caller; {@code SKIP LOCKED} lets several instances claim side by side.
     */
    Flux<UUID> claimStalled(Instant now, Instant leaseUntil) {
        return db.sql("""
                UPDATE orders SET saga_lease_until = :lease WHERE id IN (
                    SELECT id FROM orders WHERE saga_step <> 'done' AND (saga_lease_until IS NULL OR saga_lease_until < :now)
                    ORDER BY saga_lease_until NULLS FIRST LIMIT 20 FOR UPDATE SKIP LOCKED)
                RETURNING id""")
            .bind("lease", leaseUntil)
            .bind("now", now)
            .map((row, meta) -> row.get("id", UUID.class))
            .all();
    }
}
