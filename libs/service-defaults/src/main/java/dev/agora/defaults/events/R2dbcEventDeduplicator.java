package dev.agora.defaults.events;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Records handled event ids in {@code agora_processed_event} inside the handler's transaction:
 * either both the side effect and the record commit, or neither does.
 */
final class R2dbcEventDeduplicator implements EventDeduplicator {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;

    R2dbcEventDeduplicator(DatabaseClient db, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> once(String consumer, UUID eventId, Mono<Void> sideEffect) {
        Mono<Boolean> work = db.sql("""
                INSERT INTO agora_processed_event (consumer, event_id, processed_at)
                VALUES (:consumer, :id, :now) ON CONFLICT DO NOTHING""")
            .bind("consumer", consumer)
            .bind("id", eventId)
            .bind("now", clock.instant())
            .fetch()
            .rowsUpdated()
            .flatMap(inserted -> inserted == 0 ? Mono.just(false) : sideEffect.thenReturn(true));
        return tx.transactional(work);
    }

    @Override
    public Mono<Void> forgetOlderThan(Duration retention) {
        return db.sql("DELETE FROM agora_processed_event WHERE processed_at < :cutoff")
            .bind("cutoff", clock.instant().minus(retention))
            .then();
    }
}
