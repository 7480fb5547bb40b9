package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
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

/**
 * Refunds, partial or full, never more than was captured in total: the payment row is locked for
 * the whole refund and the database checks the sum as well. With an idempotency key a retried
 * refund (order-svc compensating after a crash) returns the first refund instead of a second one.
 */
@Service
class Refunds {

    /** The refund, and whether this request made it. */
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
        Mono<Result> work = payments.lock(paymentId)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The payment")))
            .flatMap(payment -> (key == null ? Mono.<Refund>empty() : payments.refundByKey(paymentId, key))
                .map(existing -> new Result(false, existing))
                .switchIfEmpty(Mono.defer(() -> create(payment, requested, reason, key, actor).map(r -> new Result(true, r)))));
        return tx.transactional(work);
    }

    private Mono<Refund> create(Payment payment, Money requested, String reason, String key, String actor) {
        if (!payment.refundable()) {
            return Mono.error(AgoraException.conflict("Payment " + payment.id() + " is " + payment.status()
                    + "; only a succeeded payment with something left to refund can be refunded."));
        }
        BigDecimal amount = requested == null ? payment.refundableAmount() : requested.value();
        if (requested != null && !requested.currency().equals(payment.currency())) {
            return Mono.error(unprocessable("The refund must be in the payment's currency, " + payment.currency() + ".",
                    "amount.currency", "must be " + payment.currency()));
        }
        if (amount.signum() <= 0) {
            return Mono.error(unprocessable("A refund must be more than zero.", "amount.amount", "must be more than zero"));
        }
        if (amount.compareTo(payment.refundableAmount()) > 0) {
            return Mono.error(unprocessable("At most " + Money.of(payment.refundableAmount(), payment.currency()).amount()
                    + " " + payment.currency() + " of this payment is left to refund.", "amount.amount",
                    "exceeds what is left to refund"));
        }
        UUID refundId = Uuids.v7();
        Instant now = now();
        BigDecimal refundedAfter = payment.refundedAmount().add(amount);
        String status = refundedAfter.compareTo(payment.amount()) == 0 ? Payment.REFUNDED : Payment.PARTIALLY_REFUNDED;
        return provider.refund(refundId, payment.providerReference(), amount, payment.currency())
            .flatMap(reference -> {
                var insert = db.sql("""
                        INSERT INTO refunds (id, payment_id, amount, reason, provider_reference, requested_by, idempotency_key, created_at)
                        VALUES (:id, :payment, :amount, :reason, :ref, :actor, :key, :now)""")
                    .bind("id", refundId)
                    .bind("payment", payment.id())
                    .bind("amount", amount)
                    .bind("ref", reference)
                    .bind("actor", actor)
                    .bind("now", now);
                insert = insert.bind("reason", SqlValues.orNull(reason, String.class));
                insert = insert.bind("key", SqlValues.orNull(key, String.class));
                return insert.then()
                    .then(db.sql("UPDATE payments SET refunded_amount = :after, status = :status, updated_at = :now WHERE id = :id")
                        .bind("after", refundedAfter)
                        .bind("status", status)
                        .bind("now", now)
                        .bind("id", payment.id())
                        .then())
                    .then(announce(payment, refundId, amount, refundedAfter, reason))
                    .thenReturn(new Refund(refundId, payment.id(), amount, payment.currency(), reason, reference, actor, now));
            });
    }

    private Mono<Void> announce(Payment payment, UUID refundId, BigDecimal amount, BigDecimal total, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", payment.id());
        data.put("refundId", refundId);
        data.put("orderId", payment.orderId());
        data.put("userId", payment.userId());
        data.put("amount", Money.of(amount, payment.currency()));
        data.put("totalRefunded", Money.of(total, payment.currency()));
        data.put("fullyRefunded", total.compareTo(payment.amount()) == 0);
        if (reason != null) {
            data.put("reason", reason);
        }
        return outbox.append("payment.refunded", payment.id(), data).then();
    }

    private static AgoraException unprocessable(String detail, String field, String message) {
        return new AgoraException(HttpStatus.UNPROCESSABLE_CONTENT, "refund-not-possible", "Refund not possible", detail)
            .withErrors(List.of(new Problems.FieldError(field, message)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
