package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.payment.provider.PaymentProvider;
import dev.agora.defaults.web.ProblemType;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PaymentRefunded;

/**
 * Refunds, partial or full, never more than was captured in total, and never twice at the provider.
 * <p>
 * Like a charge, a refund happens in three steps: it is written {@code pending} with its id (the
 * amount is then held, so concurrent refunds cannot exceed the payment); the provider is asked
 * with that id, outside any transaction; the refund is settled and announced. The provider dedupes
 * on the id, so asking again after any failure (the caller's retry with its idempotency key, or
 * {@link PendingPaymentSweeper}) completes the same refund instead of making a second one.
 */
@Service
class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    /** The refund, and whether this request made or completed it. */
    record Result(boolean created, Refund refund) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final OutboxWriter outbox;
    private final Clock clock;

    Refunds(DatabaseClient db, TransactionalOperator tx, PaymentRepository payments, PaymentProvider provider,
            OutboxWriter outbox, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.payments = payments;
        this.provider = provider;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param requested the amount, or null for all that is left
     * @param key the caller's idempotency key, or null
     */
    Mono<Result> refund(UUID paymentId, Money requested, String reason, String key, String actor) {
        Mono<Result> begun = payments.lock(paymentId)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The payment")))
            .flatMap(payment -> (key == null ? Mono.<Refund>empty() : payments.refundByKey(paymentId, key))
                .map(existing -> new Result(false, existing))
                .switchIfEmpty(Mono.defer(() -> begin(payment, requested, reason, key, actor).map(r -> new Result(true, r)))));
        return tx.transactional(begun).flatMap(result -> result.refund().pending()
                // Ours, or one an earlier attempt under this key left pending: this request completes it.
                ? complete(result.refund().id()).map(done -> new Result(true, done))
                : Mono.just(result));
    }

    /**
     * Asks the provider for a pending refund (again) and settles it. Safe to call any number of
     * times, concurrently too: the provider dedupes on the refund id and only a pending refund settles.
     */
    Mono<Refund> complete(UUID refundId) {
        return payments.findRefund(refundId).flatMap(refund -> !refund.pending() ? Mono.just(refund)
                : payments.find(refund.paymentId())
                    .flatMap(payment -> provider.refund(refund.id(), payment.providerReference(), refund.amount(),
                            payment.currency()))
                    .onErrorMap(ex -> !(ex instanceof AgoraException), ex -> {
                        log.warn("Refund {} is still pending; the provider did not confirm it: {}", refundId, ex.toString());
                        return stillPending(refundId);
                    })
                    .flatMap(reference -> settle(refundId, reference)));
    }

    private Mono<Refund> begin(Payment payment, Money requested, String reason, String key, String actor) {
        if (!payment.refundable()) {
            return Mono.error(AgoraException.conflict("Payment " + payment.id() + " is " + payment.status().value()
                    + "; only a succeeded payment with something left to refund can be refunded."));
        }
        if (requested != null && !requested.currency().equals(payment.currency())) {
            return Mono.error(unprocessable("The refund must be in the payment's currency, " + payment.currency() + ".",
                    "amount.currency", "must be " + payment.currency()));
        }
        return payments.pendingRefunds(payment.id()).flatMap(held -> {
            BigDecimal left = payment.refundableAmount().subtract(held);
            BigDecimal amount = requested == null ? left : requested.value();
            if (requested == null && left.signum() <= 0) {
                return Mono.error(AgoraException.conflict("Nothing of payment " + payment.id()
                        + " is left to refund: the rest is being refunded already."));
            }
            if (amount.signum() <= 0) {
                return Mono.error(unprocessable("A refund must be more than zero.", "amount.amount", "must be more than zero"));
            }
            if (amount.compareTo(left) > 0) {
                return Mono.error(unprocessable("At most " + Money.of(left.max(BigDecimal.ZERO), payment.currency()).amount()
                        + " " + payment.currency() + " of this payment is left to refund.", "amount.amount",
                        "exceeds what is left to refund"));
            }
            UUID refundId = Uuids.v7();
            Instant now = now();
            var insert = db.sql("""
                    INSERT INTO refunds (id, payment_id, amount, reason, status, requested_by, idempotency_key, created_at)
                    VALUES (:id, :payment, :amount, :reason, 'pending', :actor, :key, :now)""")
                .bind("id", refundId)
                .bind("payment", payment.id())
                .bind("amount", amount)
                .bind("actor", actor)
                .bind("now", now);
            insert = insert.bind("reason", SqlValues.orNull(reason, String.class));
            insert = insert.bind("key", SqlValues.orNull(key, String.class));
            return insert.then().then(payments.findRefund(refundId));
        });
    }

    /** The provider confirmed it: the refund, the payment's totals and the event, in one transaction. */
    private Mono<Refund> settle(UUID refundId, String reference) {
        Mono<Refund> work = db.sql("""
                UPDATE refunds SET status = 'succeeded', provider_reference = :ref WHERE id = :id AND status = 'pending'
                RETURNING payment_id, amount, reason""")
            .bind("ref", reference)
            .bind("id", refundId)
            .map((row, meta) -> new Object[] { row.get("payment_id", UUID.class), row.get("amount", BigDecimal.class),
                    row.get("reason", String.class) })
            .one()
            .flatMap(settled -> payments.lock((UUID) settled[0]).flatMap(payment -> {
                BigDecimal amount = (BigDecimal) settled[1];
                BigDecimal after = payment.refundedAmount().add(amount);
                PaymentStatus status = after.compareTo(payment.amount()) == 0 ? PaymentStatus.REFUNDED
                        : PaymentStatus.PARTIALLY_REFUNDED;
                return db.sql("UPDATE payments SET refunded_amount = :after, status = :status, updated_at = :now WHERE id = :id")
                    .bind("after", after)
                    .bind("status", status.value())
                    .bind("now", now())
                    .bind("id", payment.id())
                    .then()
                    .then(announce(payment, refundId, amount, after, (String) settled[2]));
            }))
            // Settled by someone else meanwhile (the sweeper, a concurrent retry): nothing more to do.
            .then(payments.findRefund(refundId));
        return tx.transactional(work);
    }

    private Mono<Void> announce(Payment payment, UUID refundId, BigDecimal amount, BigDecimal total, String reason) {
        var data = new PaymentRefunded(payment.id(), refundId, payment.orderId(), payment.orderReference(),
                payment.userId(), Money.of(amount, payment.currency()), Money.of(total, payment.currency()),
                total.compareTo(payment.amount()) == 0, reason);
        return outbox.append(EventTypes.PAYMENT_REFUNDED, payment.id(), data).then();
    }

    private static AgoraException stillPending(UUID refundId) {
        AgoraException pending = new AgoraException(ProblemType.REFUND_PENDING, "The payment provider has not confirmed the refund yet. It stays pending and is retried; send the same "
                        + "request with the same Idempotency-Key to ask again.");
        pending.getBody().setProperty("refundId", refundId);
        return pending;
    }

    private static AgoraException unprocessable(String detail, String field, String message) {
        return new AgoraException(ProblemType.REFUND_NOT_POSSIBLE, detail)
            .withErrors(List.of(new Problems.FieldError(field, message)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
