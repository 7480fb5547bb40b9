package dev.agora.payment.payment;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.payment.PaymentProperties;
import dev.agora.payment.provider.PaymentProvider;
import dev.agora.payment.provider.PaymentProvider.ChargeOutcome;

/**
 * Settles payments left pending by a process that died mid-charge, from the provider's books: what
 * the provider charged is recorded as succeeded; what it never saw is failed, so it can never be
 * charged later. Only payments nobody owns any more are touched: a charge whose process is alive
 * keeps its owner lease renewed ({@link Charges}), however long the provider takes. Also completes
 * refunds the provider has not confirmed, and forgets idempotency keys past their retention.
 */
@Component
class PendingPaymentSweeper extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(PendingPaymentSweeper.class);

    static final ChargeOutcome ABANDONED = new ChargeOutcome(null, null, null, "abandoned",
            "The payment was interrupted before it reached the payment provider; nothing was charged.");

    private final DatabaseClient db;
    private final PaymentProvider provider;
    private final Settlement settlement;
    private final Refunds refunds;
    private final PaymentRepository payments;
    private final PaymentProperties properties;
    private final Clock clock;

    PendingPaymentSweeper(DatabaseClient db, PaymentProvider provider, Settlement settlement, Refunds refunds,
            PaymentRepository payments, PaymentProperties properties, Clock clock) {
        super(Duration.ofSeconds(5), properties.sweepInterval());
        this.db = db;
        this.provider = provider;
        this.settlement = settlement;
        this.refunds = refunds;
        this.payments = payments;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> poll() {
        return settleStale().then(completeRefunds()).then(forgetKeys());
    }

    Mono<Long> settleStale() {
        return db.sql("SELECT " + PaymentRepository.COLUMNS + """
                 FROM payments WHERE status = 'pending' AND updated_at < :before
                    AND (owner_lease_until IS NULL OR owner_lease_until < :now)
                ORDER BY updated_at LIMIT 100""")
            .bind("before", clock.instant().minus(properties.pendingTimeout()))
            .bind("now", clock.instant())
            .map(PaymentRepository::payment)
            .all()
            .concatMap(pending -> provider.find(pending.id())
                .defaultIfEmpty(ABANDONED)
                .flatMap(outcome -> settlement.settle(pending, outcome))
                .doOnNext(p -> log.info("Settled stale pending payment {} as {}", p.id(), p.status().value())))
            .count();
    }

    /** Refunds written but not confirmed by the provider (their request failed or died): asked again with the same id. */
    Mono<Long> completeRefunds() {
        return payments.pendingRefundsBefore(clock.instant().minus(properties.pendingTimeout()))
            .concatMap(id -> refunds.complete(id)
                .doOnNext(r -> log.info("Completed pending refund {}", r.id()))
                .onErrorResume(ex -> Mono.empty()))
            .count();
    }

    private Mono<Void> forgetKeys() {
        return db.sql("DELETE FROM payment_idempotency_keys WHERE created_at < :before")
            .bind("before", clock.instant().minus(properties.idempotencyRetention()))
            .then();
    }
}
