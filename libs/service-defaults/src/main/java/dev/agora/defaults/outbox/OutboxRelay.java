package dev.agora.defaults.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.tracing.EventTracing;

/**
 * Publishes committed outbox rows to the service's Redis Stream, oldest first. Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so several instances relay in parallel without publishing a
 * row twice in the normal case; a crash between {@code XADD} and the commit publishes a row again,
 * which consumers absorb by de-duplicating on the event id (at-least-once). While Redis is down
 * rows simply wait.
 */
final class OutboxRelay extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Under load every commit notifies: passes this far apart publish the rows of many commits each. */
    private static final Duration MINIMUM_GAP = Duration.ofMillis(10);
    /** Published rows past the retention; {@code outbox_published_idx} keeps it from reading the whole table. */
    static final String FORGET_PUBLISHED = "DELETE FROM outbox WHERE published_at < :cutoff";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ReactiveStringRedisTemplate redis;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Counter published;
    private final EventTracing tracing;
    private final AtomicLong backlog = new AtomicLong();
    private volatile Instant lastHousekeeping = Instant.EPOCH;

    private final Flux<?> committed;

    /**
     * @param committed signals that outbox rows were committed (PostgreSQL notifications); between
     *        them the relay looks every {@code poll-interval}
     */
    OutboxRelay(DatabaseClient db, TransactionalOperator tx, ReactiveStringRedisTemplate redis,
            OutboxProperties properties, Clock clock, MeterRegistry meters, EventTracing tracing, Flux<?> committed) {
        super(properties.pollInterval(), properties.pollInterval(), MINIMUM_GAP);
        this.committed = committed;
        this.tracing = tracing;
        this.db = db;
        this.tx = tx;
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
        this.published = Counter.builder("agora.outbox.published").tag("stream", properties.stream())
            .description("Outbox events published to the event bus").register(meters);
        Gauge.builder("agora.outbox.backlog", backlog, AtomicLong::get).tag("stream", properties.stream())
            .description("Outbox events not yet published").register(meters);
    }

    /** Publishes one batch; emits how many rows were published. */
    Mono<Integer> publishBatch() {
        Flux<Row> claimed = db.sql("""
                SELECT id, envelope::text AS envelope, type, envelope->>'traceparent' AS traceparent FROM outbox
                WHERE published_at IS NULL ORDER BY occurred_at, id
                LIMIT :limit FOR UPDATE SKIP LOCKED""")
            .bind("limit", properties.batchSize())
            .map((row, meta) -> new Row(row.get("id", UUID.class), row.get("envelope", String.class),
                    row.get("type", String.class), row.get("traceparent", String.class)))
            .all();
        // Each publish is a span in the trace of the change that wrote the event; the entry carries
        // that span, so the consumer's span is its child: writer → relay → consumer in one trace.
        Mono<Integer> batch = claimed.concatMap(row -> tracing.publish(row.type(), row.traceparent(), hop -> redis.opsForStream()
                .add(record(row, hop), XAddOptions.maxlen(properties.maxStreamLength()).approximateTrimming(true))
                .thenReturn(row.id())))
            .collectList()
            .flatMap(ids -> ids.isEmpty() ? Mono.just(0)
                    : db.sql("UPDATE outbox SET published_at = :now WHERE id = ANY(:ids)")
                        .bind("now", clock.instant())
                        .bind("ids", ids.toArray(UUID[]::new))
                        .fetch()
                        .rowsUpdated()
                        .map(Long::intValue));
        return tx.transactional(batch).doOnNext(published::increment).flatMap(this::announce);
    }

    /** Tells the consumers that the stream has new entries (after the commit, so they are there to read). */
    private Mono<Integer> announce(int count) {
        if (count == 0) {
            return Mono.just(0);
        }
        return redis.convertAndSend(EventStreams.APPENDED, properties.stream())
            .onErrorResume(ex -> {
                log.debug("Could not announce new entries of {}: {}", properties.stream(), ex.toString());
                return Mono.just(0L);
            })
            .thenReturn(count);
    }

    @Override
    protected Flux<?> wakeUps() {
        return committed;
    }

    private MapRecord<String, String, String> record(Row row, String traceparent) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", row.id().toString());
        fields.put("type", row.type());
        fields.put("envelope", row.envelope());
        if (traceparent != null) {
            fields.put(EventTracing.TRACEPARENT, traceparent);
        }
        return StreamRecords.mapBacked(fields).withStreamKey(properties.stream());
    }

    private Mono<Void> housekeeping() {
        Instant now = clock.instant();
        if (now.isBefore(lastHousekeeping.plusSeconds(5))) {
            return Mono.empty();
        }
        lastHousekeeping = now;
        return db.sql(FORGET_PUBLISHED)
            .bind("cutoff", now.minus(properties.retention()))
            .then()
            .then(db.sql("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .doOnNext(backlog::set)
                .then());
    }

    @Override
    protected Mono<Void> poll() {
        return drain().then(housekeeping()).onErrorResume(ex -> {
            log.warn("Outbox relay to {} paused: {}", properties.stream(), ex.toString());
            log.debug("Outbox relay to {} paused", properties.stream(), ex);
            return Mono.empty();
        });
    }

    /** Publishes batches until none is full. */
    private Mono<Void> drain() {
        return untilShort(properties.batchSize(), this::publishBatch).then();
    }

    private record Row(UUID id, String envelope, String type, String traceparent) {
    }
}
