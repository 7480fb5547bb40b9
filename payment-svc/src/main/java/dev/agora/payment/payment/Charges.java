package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.payment.PaymentProperties;
import dev.agora.payment.provider.PaymentProvider;
import dev.agora.payment.provider.UnknownPaymentMethodException;
import dev.agora.defaults.web.ProblemType;

/**
 * Takes payments: one charge per idempotency key however often and however concurrently it is
 * sent, and at most one live charge per order whatever the keys.
 * <p>
 * The payment and its key commit first (pending), so that a concurrent duplicate finds them and
 * gets a 409; then the provider is asked. That call runs to its end even if the client goes away,
 * so the outcome is always recorded; a payment whose process died mid-call is settled later from
 * the provider's books by {@link PendingPaymentSweeper}. While the provider call runs, this process
 * keeps renewing the payment's owner lease, so the sweeper never settles a charge that is still in
 * flight, however slow the provider is.
 */
@Service
class Charges {

    /**
     * What to charge, as the controller validated it.
     *
     * @param orderReference the order's human reference (order-svc's charges), or null
     */
    record Charge(UUID orderId, UUID userId, BigDecimal amount, String currency, String paymentMethod,
            String orderReference) {
    }

    /** Whether this request created the payment, and the payment. */
    record Result(boolean created, Payment payment) {
    }

    /**
     * Claims the key and writes the payment {@code pending} in one statement. The payment is written
     * only with a new key; a concurrent request with the same key waits on the key's index and then
     * writes nothing. The order's one live payment is enforced by a unique index without {@code ON
     * CONFLICT}: a second one fails the whole statement, so its key is not kept either.
     */
    private static final String START = """
            WITH keyed AS (
                INSERT INTO payment_idempotency_keys (owner_id, key, request_hash, payment_id, created_at)
                VALUES (:o, :k, :h, :p, :now) ON CONFLICT DO NOTHING
                RETURNING payment_id)
            INSERT INTO payments (id, order_id, user_id, amount, currency, status, payment_method, provider,
                order_reference, owner_lease_until, created_at, updated_at)
            SELECT payment_id, :order, :user, :amount, :currency, 'pending', :method, :provider, :reference, :lease,
                :now, :now
            FROM keyed""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final Settlement settlement;
    private final PaymentProperties properties;
    private final Clock clock;

    Charges(DatabaseClient db, TransactionalOperator tx, PaymentRepository payments, PaymentProvider provider,
            Settlement settlement, PaymentProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.payments = payments;
        this.provider = provider;
        this.settlement = settlement;
        this.properties = properties;
        this.clock = clock;
    }

    /** The earlier outcome under this key, if any: a replay, a 422 for another request, a 409 while in flight. */
    Mono<Result> replay(AgoraPrincipal caller, IdempotencyKey key, String fingerprint) {
        return db.sql("SELECT request_hash, payment_id FROM payment_idempotency_keys WHERE owner_id = :o AND key = :k")
            .bind("o", caller.userId())
            .bind("k", key.value())
            .map((row, meta) -> new Object[] { row.get("request_hash", String.class), row.get("payment_id", UUID.class) })
            .one()
            .flatMap(found -> {
                if (!fingerprint.equals(found[0])) {
                    return Mono.error(IdempotencyKey.mismatch());
                }
                return payments.find((UUID) found[1]).flatMap(p -> p.status() == PaymentStatus.PENDING
                        ? Mono.error(IdempotencyKey.inFlight()) : Mono.just(new Result(false, p)));
            });
    }

    /** Charges, unless the key was used before (then as {@link #replay}). */
    Mono<Result> charge(AgoraPrincipal caller, IdempotencyKey key, String fingerprint, Charge charge) {
        UUID paymentId = Uuids.v7();
        Instant now = now();
        Mono<Boolean> start = db.sql(START)
            .bind("o", caller.userId())
            .bind("k", key.value())
            .bind("h", fingerprint)
            .bind("p", paymentId)
            .bind("reference", SqlValues.orNull(charge.orderReference(), String.class))
            .bind("lease", now.plus(properties.pendingTimeout()))
            .bind("order", charge.orderId())
            .bind("user", charge.userId())
            .bind("amount", charge.amount())
            .bind("currency", charge.currency())
            .bind("method", charge.paymentMethod())
            .bind("provider", provider.name())
            .bind("now", now)
            .fetch()
            .rowsUpdated()
            .map(inserted -> inserted > 0)
            // The order's live payment refused this one, and the statement's key went with it.
            .onErrorMap(DuplicateKeyException.class, ex -> alreadyPaid(charge.orderId()));
        // The row as the insert wrote it, for the settlement's event.
        Payment pending = new Payment(paymentId, charge.orderId(), charge.userId(), charge.amount(), charge.currency(),
                BigDecimal.ZERO, PaymentStatus.PENDING, charge.paymentMethod(), null, null, provider.name(), null, null, null,
                charge.orderReference(), now, now);
        return start.flatMap(keyed -> keyed ? execute(pending, charge)
                // Another request holds this key: its answer applies.
                : replay(caller, key, fingerprint)
                    // The first request under this key was undone after this one looked: let the client retry.
                    .switchIfEmpty(Mono.error(IdempotencyKey::inFlight)));
    }

    private Mono<Result> execute(Payment pending, Charge charge) {
        UUID paymentId = pending.id();
        Mono<Payment> work = Mono.defer(() -> {
            // Renewed at a third of the timeout, so two missed renewals still leave the lease valid.
            Disposable heartbeat = Flux.interval(properties.pendingTimeout().dividedBy(3))
                .concatMap(tick -> renewLease(paymentId))
                .subscribe();
            return provider.charge(paymentId, charge.amount(), charge.currency(), charge.paymentMethod())
                .doFinally(signal -> heartbeat.dispose());
        })
            .flatMap(outcome -> settlement.settle(pending, outcome))
            .onErrorResume(UnknownPaymentMethodException.class, ex -> forget(paymentId).then(Mono.error(ex)));
        // Detached from the request: a client that hangs up must not leave the charge half recorded.
        return Mono.fromFuture(work.toFuture(), true).map(p -> new Result(true, p));
    }

    private Mono<Long> renewLease(UUID paymentId) {
        return db.sql("UPDATE payments SET owner_lease_until = :lease WHERE id = :id AND status = 'pending'")
            .bind("lease", now().plus(properties.pendingTimeout()))
            .bind("id", paymentId)
            .fetch()
            .rowsUpdated()
            // A missed renewal is not fatal: the next tick tries again, and the lease has room for two.
            .onErrorResume(ex -> Mono.just(0L));
    }

    /** Removes a payment the provider refused as bad input: nothing of the request stays written. */
    private Mono<Void> forget(UUID paymentId) {
        return tx.transactional(db.sql("DELETE FROM payment_idempotency_keys WHERE payment_id = :p").bind("p", paymentId).then()
            .then(db.sql("DELETE FROM payments WHERE id = :p AND status = 'pending'").bind("p", paymentId).then()));
    }

    private static AgoraException alreadyPaid(UUID orderId) {
        return new AgoraException(ProblemType.ORDER_ALREADY_PAID, "Order " + orderId + " already has a payment that succeeded or is in progress.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
