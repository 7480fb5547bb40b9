package dev.agora.payment.payment;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

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
 * charged later. Also forgets idempotency keys past their retention.
 */
@Component
class PendingPaymentSweeper extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(PendingPaymentSweeper.class);

    static final ChargeOutcome ABANDONED = new ChargeOutcome(null, null, null, "abandoned",
            "The payment was interrupted before it reached the payment provider; nothing was charged.");

    private final DatabaseClient db;
    private final PaymentProvider provider;
    private final Settlement settlement;
    private final PaymentProperties properties;
    private final Clock clock;

    PendingPaymentSweeper(DatabaseClient db, PaymentProvider provider, Settlement settlement, PaymentProperties properties,
            Clock clock) {
        super(Duration.ofSeconds(5), properties.sweepInterval());
        this.db = db;
        this.provider = provider;
        this.settlement = settlement;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> poll() {
        return settleStale().then(forgetKeys());
    }

    Mono<Long> settleStale() {
        return db.sql("SELECT id FROM payments WHERE status = 'pending' AND updated_at < :before ORDER BY updated_at LIMIT 100")
            .bind("before", clock.instant().minus(properties.pendingTimeout()))
            .map((row, meta) -> row.get("id", UUID.class))
            .all()
            .concatMap(id -> provider.find(id)
                .defaultIfEmpty(ABANDONED)
                .flatMap(outcome -> settlement.settle(id, outcome))
                .doOnNext(p -> log.info("Settled stale pending payment {} as {}", p.id(), p.status())))
            .count();
    }

    private Mono<Void> forgetKeys() {
        return db.sql("DELETE FROM payment_idempotency_keys WHERE created_at < :before")
            .bind("before", clock.instant().minus(properties.idempotencyRetention()))
            .then();
    }
}
