package dev.agora.review.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.defaults.events.EventStreams;
import dev.agora.review.ReviewProperties;
import dev.agora.review.review.PendingEvents;
import dev.agora.review.review.ReviewStatus;

/**
 * Publishes the events waiting inside review documents to {@code agora:events:reviews}, then
 * removes them from the document; a deleted review's tombstone goes once its last event is out.
 * A crash between publishing and removing publishes an event twice, which consumers absorb by
 * de-duplicating on the event id (at least once, like the SQL outbox relay).
 */
@Component
class ReviewEventRelay extends PollingLoop {

    /** Reviews read per look. */
    private static final int BATCH = 100;

    private final ReactiveMongoTemplate mongo;
    private final ReactiveStringRedisTemplate redis;
    private final ReviewProperties properties;

    private final PendingEvents pending;

    ReviewEventRelay(ReactiveMongoTemplate mongo, ReactiveStringRedisTemplate redis, ReviewProperties properties,
            PendingEvents pending) {
        super(Duration.ofSeconds(1), properties.relayInterval(), Duration.ofMillis(10));
        this.mongo = mongo;
        this.redis = redis;
        this.properties = properties;
        this.pending = pending;
    }

    @Override
    protected Flux<?> wakeUps() {
        return pending.signals();
    }

    /**
     * Publishes a look's worth of reviews at a time until a look comes back short: a signal or a tick
     * starts one pass, and a backlog (Redis was away while reviews were written) would otherwise
     * wait a relay interval per hundred reviews.
     */
    @Override
    protected Mono<Void> poll() {
        return untilShort(BATCH, this::publishBatch).then();
    }

    /** Publishes the events of up to {@link #BATCH} reviews; emits how many reviews. */
    private Mono<Long> publishBatch() {
        // "events not empty", in a form the in-memory MongoDB stand-in understands too.
        Query pending = Query.query(Criteria.where("events").exists(true).ne(List.of())).limit(BATCH);
        pending.fields().include("_id", "status", "events");
        return mongo.find(pending, Document.class, "reviews")
            // Counted by review: publish itself emits nothing.
            .concatMap(review -> publish(review).thenReturn(review))
            .count()
            .flatMap(published -> published == 0 ? Mono.just(0L)
                // The consumers read at once (EventStreams.APPENDED) instead of on their next look.
                : redis.convertAndSend(EventStreams.APPENDED, properties.stream()).onErrorResume(ex -> Mono.empty())
                    .thenReturn(published));
    }

    @SuppressWarnings("unchecked")
    private Mono<Void> publish(Document review) {
        Object id = review.get("_id");
        List<Document> events = (List<Document>) review.get("events");
        List<String> ids = events.stream().map(e -> e.getString("eventId")).toList();
        return Flux.fromIterable(events)
            .concatMap(e -> redis.opsForStream().add(StreamRecords.mapBacked(Map.of("id", e.getString("eventId"), "type",
                    e.getString("type"), "envelope", e.getString("envelope"))).withStreamKey(properties.stream())))
            .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                    new Update().pull("events", Query.query(Criteria.where("eventId").in(ids))), "reviews"))
            .then(mongo.remove(Query.query(Criteria.where("_id").is(id).and("status").is(ReviewStatus.DELETED.value()).and("events").is(List.of())),
                    "reviews"))
            .then();
    }
}
