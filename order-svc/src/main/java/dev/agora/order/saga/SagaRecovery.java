package dev.agora.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.order.OrderProperties;

/**
 * Finishes or compensates every saga nobody is driving: after a crash (the lease ran out), or when
 * a step waits for a retry. Claims a batch with {@code SKIP LOCKED} and a fresh lease, so several
 * instances share the work and never drive one order twice at once.
 */
@Component
class SagaRecovery extends PollingLoop {

    private final DatabaseClient db;
    private final Saga saga;
    private final OrderProperties properties;
    private final Clock clock;
    private volatile long unfinished;

    SagaRecovery(DatabaseClient db, Saga saga, OrderProperties properties, Clock clock, MeterRegistry meters) {
        super(Duration.ofSeconds(1), properties.recoveryInterval());
        this.db = db;
        this.saga = saga;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("agora.orders.sagas.unfinished", () -> unfinished)
            .description("Checkout sagas not yet confirmed or compensated")
            .register(meters);
    }

    @Override
    protected Mono<Void> poll() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.sql("SELECT count(*) FROM orders WHERE saga_step <> 'done'")
            .map((row, meta) -> row.get(0, Long.class)).one()
            .doOnNext(count -> unfinished = count)
            .then(db.sql("""
                    UPDATE orders SET saga_lease_until = :lease WHERE id IN (
                        SELECT id FROM orders WHERE saga_step <> 'done' AND (saga_lease_until IS NULL OR saga_lease_until < :now)
                        ORDER BY saga_lease_until NULLS FIRST LIMIT 20 FOR UPDATE SKIP LOCKED)
                    RETURNING id""")
                .bind("lease", now.plus(properties.sagaLease()))
                .bind("now", now)
                .map((row, meta) -> row.get("id", UUID.class))
                .all()
                // One order failing (say its row vanished) must not stop the others.
                .flatMap(id -> saga.drive(id).onErrorResume(ex -> Mono.empty()), 4)
                .then());
    }
}
