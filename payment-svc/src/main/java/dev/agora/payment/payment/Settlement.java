package dev.agora.payment.payment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.payment.provider.PaymentProvider.ChargeOutcome;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PaymentSettled;

/**
 * Moves a pending payment to what the provider said, and announces it, in one statement. Only a
 * pending payment moves, so the request that charged and the sweeper that recovers cannot both
 * settle it.
 */
@Component
class Settlement {

    /** The move and its event: a data-modifying WITH writes the event exactly when the payment moved. */
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE payments SET status = :status, card_brand = :brand, card_last4 = :last4,
                    provider_reference = :ref, failure_code = :code, failure_message = :message, updated_at = :now
                WHERE id = :id AND status = 'pending'
                RETURNING %s),
            event AS (
                INSERT INTO outbox %s SELECT %s FROM settled)
            SELECT * FROM settled""".formatted(PaymentRepository.COLUMNS, OutboxWriter.Prepared.COLUMNS,
            OutboxWriter.Prepared.VALUES_LIST);

    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final PaymentRepository payments;
    private final MeterRegistry meters;
    private final Clock clock;

    Settlement(DatabaseClient db, OutboxWriter outbox, PaymentRepository payments, MeterRegistry meters, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.payments = payments;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Settles {@code pending} as the provider said; the payment as it is now when it was no longer
     * pending (the other of the request and the sweeper settled it first). The event is made from
     * {@code pending}: what it tells (the payment's id, order, customer and amount) never changes.
     */
    Mono<Payment> settle(Payment pending, ChargeOutcome outcome) {
        PaymentStatus status = outcome.succeeded() ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
        boolean failed = status == PaymentStatus.FAILED;
        var data = new PaymentSettled(pending.id(), pending.orderId(), pending.orderReference(), pending.userId(),
                Money.of(pending.amount(), pending.currency()), failed ? outcome.failureCode() : null,
                failed ? outcome.failureMessage() : null);
        return outbox.prepare(failed ? EventTypes.PAYMENT_FAILED : EventTypes.PAYMENT_SUCCEEDED, pending.id(), data)
            .flatMap(event -> event.bind(db.sql(SETTLE))
                .bind("status", status.value())
                .bind("id", pending.id())
                .bind("now", now())
                .bind("brand", SqlValues.orNull(outcome.brand(), String.class))
                .bind("last4", SqlValues.orNull(outcome.last4(), String.class))
                .bind("ref", SqlValues.orNull(outcome.reference(), String.class))
                .bind("code", SqlValues.orNull(outcome.failureCode(), String.class))
                .bind("message", SqlValues.orNull(outcome.failureMessage(), String.class))
                .map(PaymentRepository::payment)
                .one())
            .doOnNext(settled -> meters.counter("agora.payments.settled", "status", settled.status().value(), "reason",
                    settled.failureCode() == null ? "none" : settled.failureCode()).increment())
            .switchIfEmpty(Mono.defer(() -> payments.find(pending.id())));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
