package dev.agora.payment.payment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.payment.provider.PaymentProvider.ChargeOutcome;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PaymentSettled;

/**
 * Moves a pending payment to what the provider said, and announces it, in one transaction. Only a
 * pending payment moves, so the request that charged and the sweeper that recovers cannot both
 * settle it.
 */
@Component
class Settlement {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OutboxWriter outbox;
    private final PaymentRepository payments;
    private final MeterRegistry meters;
    private final Clock clock;

    Settlement(DatabaseClient db, TransactionalOperator tx, OutboxWriter outbox, PaymentRepository payments,
            MeterRegistry meters, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.payments = payments;
        this.meters = meters;
        this.clock = clock;
    }

    Mono<Payment> settle(UUID paymentId, ChargeOutcome outcome) {
        PaymentStatus status = outcome.succeeded() ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
        var update = db.sql("""
                UPDATE payments SET status = :status, card_brand = :brand, card_last4 = :last4,
                    provider_reference = :ref, failure_code = :code, failure_message = :message, updated_at = :now
                WHERE id = :id AND status = 'pending'""")
            .bind("status", status.value())
            .bind("id", paymentId)
            .bind("now", now())
            .bind("brand", SqlValues.orNull(outcome.brand(), String.class))
            .bind("last4", SqlValues.orNull(outcome.last4(), String.class))
            .bind("ref", SqlValues.orNull(outcome.reference(), String.class))
            .bind("code", SqlValues.orNull(outcome.failureCode(), String.class))
            .bind("message", SqlValues.orNull(outcome.failureMessage(), String.class));
        Mono<Payment> work = update.fetch().rowsUpdated()
            .flatMap(updated -> updated == 0 ? payments.find(paymentId)
                    : payments.find(paymentId).flatMap(p -> announce(p).thenReturn(p)));
        return tx.transactional(work);
    }

    private Mono<Void> announce(Payment p) {
        boolean failed = p.status() == PaymentStatus.FAILED;
        var data = new PaymentSettled(p.id(), p.orderId(), p.orderReference(), p.userId(),
                Money.of(p.amount(), p.currency()), failed ? p.failureCode() : null, failed ? p.failureMessage() : null);
        meters.counter("agora.payments.settled", "status", p.status().value(), "reason",
                p.failureCode() == null ? "none" : p.failureCode()).increment();
        return outbox.append(failed ? EventTypes.PAYMENT_FAILED : EventTypes.PAYMENT_SUCCEEDED, p.id(), data).then();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
