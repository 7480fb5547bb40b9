package dev.agora.analytics.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.EventDeduplicator;

/**
 * The event consumer's de-duplication on MongoDB, which (like the test stand-in) may offer no
 * transactions: the side effect runs first, then the event id is recorded. A crash in between
 * runs the side effect again on redelivery, so side effects here must be idempotent; every one in
 * analytics-svc is an insert keyed by the event id.
 */
@Component
class MongoEventDeduplicator implements EventDeduplicator {

    @Document("processed_events")
    record Processed(@Id String id, Instant processedAt) {
    }

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    MongoEventDeduplicator(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> once(String consumer, UUID eventId, Mono<Void> sideEffect) {
        String key = consumer + ":" + eventId;
        return mongo.exists(Query.query(Criteria.where("_id").is(key)), Processed.class)
            .flatMap(seen -> seen ? Mono.just(false)
                    : sideEffect.then(mongo.insert(new Processed(key, clock.instant())).thenReturn(true)
                        .onErrorResume(DuplicateKeyException.class, again -> Mono.just(false))));
    }

    @Override
    public Mono<Void> forgetOlderThan(Duration retention) {
        return mongo.remove(Query.query(Criteria.where("processedAt").lt(clock.instant().minus(retention))), Processed.class)
            .then();
    }
}
