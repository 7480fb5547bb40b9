package dev.agora.defaults.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.PollingLoop;
import dev.agora.defaults.tracing.EventTracing;

/**
 * Delivers platform events from Redis Streams to the service's {@link EventHandler}s.
 * <p>
 * One consumer group per service. Each handler of an event runs in a transaction of its own,
 * deduplicated under its own key ({@code <group>:<handler bean name>}), so one handler's failure
 * (a dependency that is down) neither rolls back nor repeats another's side effect. An entry is
 * acknowledged only after every handler's transaction committed, so a crash or a failing handler
 * leaves it pending; a redelivery runs only the handlers that have not committed yet.
 * <p>
 * A pending entry is claimed again ({@code XPENDING IDLE} + {@code XCLAIM}, what {@code XAUTOCLAIM}
 * does, also for entries of instances that died) once it has been idle for {@code claim-idle},
 * doubled for each delivery it has had (30 s, 1 min, 2 min…), so that a dependency down for a few
 * minutes is waited out rather than exhausting the deliveries in seconds; after
 * {@code max-deliveries} it moves to the dead-letter stream. A failing entry never holds up the
 * ones behind it. While Redis is down the loop keeps trying; events wait in their streams meanwhile.
 */
final class EventConsumer extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);
    /** Under load every relay pass announces: passes this far apart read the entries of many. */
    private static final Duration MINIMUM_GAP = Duration.ofMillis(10);
    private static final String LISTENING = "listening";
    // A script, not the template's pending(): Spring Data Redis 4.0 hands Lettuce a range whose ids
    // are ByteBuffers where XPendingArgs casts them to String, so only the unbounded range worked
    // and there was no paging past the first page.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> PENDING_PAGE = RedisScript.of(
            "return redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[2], ARGV[3], '+', ARGV[4])", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final EventDeduplicator dedup;
    private final JsonMapper json;
    private final EventsProperties properties;
    private final String group;
    private final String consumer;
    private final String deadLetters;
    private final Clock clock;
    private final Map<String, List<Subscriber>> handlersByStream;
    private final Set<String> groupsReady = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final EventMetrics metrics;
    private final EventTracing tracing;
    private final Flux<?> reconnected;
    private volatile Instant lastHousekeeping = Instant.EPOCH;

    EventConsumer(ReactiveStringRedisTemplate redis, EventDeduplicator dedup, JsonMapper json,
            EventsProperties properties, String group, String consumer, Map<String, EventHandler> handlers, Clock clock,
            EventMetrics metrics, EventTracing tracing, Flux<?> reconnected) {
        super(Duration.ZERO, properties.pollInterval(), MINIMUM_GAP);
        this.reconnected = reconnected;
        this.redis = redis;
        this.dedup = dedup;
        this.json = json;
        this.properties = properties;
        this.group = group;
        this.consumer = consumer;
        this.deadLetters = properties.deadLetterStream() != null ? properties.deadLetterStream() : "agora:dlq:" + group;
        this.clock = clock;
        this.handlersByStream = handlers.entrySet().stream()
            .map(named -> new Subscriber(group + ":" + named.getKey(), named.getValue()))
            .collect(Collectors.groupingBy(s -> s.handler().stream(), LinkedHashMap::new, Collectors.toList()));
        this.metrics = metrics;
        this.tracing = tracing;
        handlersByStream.keySet().forEach(metrics::register);
    }

    /**
     * Woken when a publisher announces new entries in a stream this service reads ({@link
     * EventStreams#APPENDED}); the subscription's own connection comes from the listener container.
     * Also woken when it starts listening, and whenever a connection to Redis comes back (Lettuce
     * reconnects and resubscribes on its own): announcements made meanwhile were not heard, so it
     * looks at once instead of at its next interval.
     */
    @Override
    protected Flux<?> wakeUps() {
        Flux<Object> announced = redis.listenToChannelLater(EventStreams.APPENDED)
            .flatMapMany(messages -> messages.filter(message -> handlersByStream.containsKey(message.getMessage()))
                .<Object>map(message -> message)
                .startWith(LISTENING));
        return Flux.merge(announced, reconnected);
    }

    String deadLetterStream() {
        return deadLetters;
    }

    /** One pass over every stream: reclaim what is stuck, then read what is new until caught up. */
    @Override
    protected Mono<Void> poll() {
        return housekeeping().then(Flux.fromIterable(handlersByStream.keySet())
            .concatMap(stream -> ensureGroup(stream)
                .then(reclaim(stream))
                .then(untilShort(properties.batchSize(), () -> readNew(stream)))
                .then(refreshPending(stream))
                .onErrorResume(ex -> {
                    if (causedBy(ex, "NOGROUP")) {
                        groupsReady.remove(stream); // Redis lost the group (restart without persistence)
                    }
                    log.warn("Consuming {} paused: {}", stream, ex.toString());
                    log.debug("Consuming {} paused", stream, ex);
                    return Mono.empty();
                }))
            .then());
    }

    private Mono<Void> housekeeping() {
        Instant now = clock.instant();
        if (now.isBefore(lastHousekeeping.plus(Duration.ofMinutes(10)))) {
            return Mono.empty();
        }
        lastHousekeeping = now;
        return dedup.forgetOlderThan(properties.dedupRetention())
            .onErrorResume(ex -> {
                log.warn("Could not purge handled event ids: {}", ex.toString());
                return Mono.empty();
            });
    }

    private Mono<Void> ensureGroup(String stream) {
        if (groupsReady.contains(stream)) {
            return Mono.empty();
        }
        // From the stream's start: events published before this service's first start are not lost.
        return redis.execute(conn -> conn.streamCommands().xGroupCreate(bytes(stream), group, ReadOffset.from("0"), true))
            .onErrorResume(ex -> causedBy(ex, "BUSYGROUP") ? Mono.just("exists") : Mono.error(ex))
            .then(Mono.fromRunnable(() -> groupsReady.add(stream)));
    }

    private Mono<Integer> readNew(String stream) {
        return deliverAll(stream, redis.opsForStream()
            .read(Consumer.from(group, consumer), StreamReadOptions.empty().count(properties.batchSize()),
                    StreamOffset.create(stream, ReadOffset.lastConsumed())));
    }

    /**
     * Delivers a read's entries, then acknowledges the settled ones in one {@code XACK}: a read under
     * load returns several, and one round trip per entry was most of the consumer's Redis traffic.
     * Entries about the same subject (an order, a user) go to the handlers one after another, in
     * stream order; up to {@code concurrency} subjects are handled at once, so that a handler waiting
     * on a database or another service does not hold up the events of other subjects. Emits how many
     * entries there were. An entry settled but not yet acknowledged when the instance dies is
     * delivered again, and its handlers skip it as handled.
     */
    private Mono<Integer> deliverAll(String stream, Flux<MapRecord<String, Object, Object>> records) {
        return records.map(record -> read(stream, record))
            .collectList()
            .flatMap(entries -> Flux.fromIterable(bySubject(entries))
                .flatMap(sameSubject -> Flux.fromIterable(sameSubject)
                    .concatMap(entry -> deliver(stream, entry).filter(Boolean::booleanValue).map(settled -> entry.id())),
                        properties.concurrency())
                .collectList()
                .flatMap(settled -> (settled.isEmpty() ? Mono.<Void>empty() : ack(stream, settled.toArray(RecordId[]::new)))
                    .thenReturn(entries.size())));
    }

    /**
     * The entries in runs per subject, each run in stream order. An entry without an event (malformed,
     * or of a type nobody here handles) is a run of its own.
     */
    private static List<List<Entry>> bySubject(List<Entry> entries) {
        Map<String, List<Entry>> runs = new LinkedHashMap<>();
        for (Entry entry : entries) {
            String key = entry.event() != null ? "subject:" + entry.event().subject() : "entry:" + entry.id().getValue();
            runs.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
        return List.copyOf(runs.values());
    }

    /**
     * A stream entry with its envelope read, or why it could not be; unread (both null) when no
     * handler here takes its type.
     */
    private record Entry(RecordId id, Map<Object, Object> fields, List<Subscriber> handlers, ReceivedEvent event, String traceparent,
            String malformed) {
    }

    private Entry read(String stream, MapRecord<String, Object, Object> record) {
        Object type = record.getValue().get("type");
        List<Subscriber> handlers = handlersByStream.get(stream).stream()
            .filter(s -> type != null && s.handler().types().contains(type.toString()))
            .toList();
        if (handlers.isEmpty()) {
            return new Entry(record.getId(), record.getValue(), handlers, null, null, null);
        }
        try {
            JsonNode envelope = json.readTree(String.valueOf(record.getValue().get("envelope")));
            // The relay's publish span if it added one, else the writer's span from the envelope.
            Object hop = record.getValue().get(EventTracing.TRACEPARENT);
            String traceparent = hop != null ? hop.toString() : envelope.path(EventTracing.TRACEPARENT).asString(null);
            return new Entry(record.getId(), record.getValue(), handlers, parse(envelope), traceparent, null);
        }
        catch (RuntimeException ex) {
            return new Entry(record.getId(), record.getValue(), handlers, null, null, "malformed envelope: " + ex.getMessage());
        }
    }

    /**
     * Walks the whole pending list a page at a time: a dependency's outage leaves every entry of it
     * pending, and one page per pass redelivered only {@code batch-size} of them per poll interval.
     */
    private Mono<Void> reclaim(String stream) {
        return reclaimPage(stream, null)
            .expand(next -> reclaimPage(stream, next))
            .then();
    }

    /**
     * Redelivers (or dead-letters) the due entries of the page of the pending list that starts at
     * {@code from} (its start when null); emits where the next page starts, nothing after a short
     * page. Pages move forward by id, so a walk ends even while entries are added behind it.
     */
    private Mono<RecordId> reclaimPage(String stream, RecordId from) {
        return redis.execute(PENDING_PAGE, List.of(stream), List.of(group, String.valueOf(properties.claimIdle().toMillis()),
                    from == null ? "-" : from.getValue(), String.valueOf(properties.batchSize())))
            .next()
            .map(EventConsumer::pendingEntries)
            .flatMap(page -> Flux.fromIterable(page)
                .filter(pending -> !pending.idle().minus(backoff(pending)).isNegative())
                .concatMap(pending -> pending.deliveries() >= properties.maxDeliveries()
                        ? deadLetter(stream, pending)
                        : deliverAll(stream, redis.opsForStream().claim(stream, group, consumer, backoff(pending), pending.id()))
                            .then())
                .then(page.size() < properties.batchSize() ? Mono.empty() : Mono.just(after(page.getLast().id()))));
    }

    /** An entry of the pending list: its id, how long since its last delivery, how many it has had. */
    private record Pending(RecordId id, Duration idle, long deliveries) {
    }

    /** XPENDING's extended form answers a list of [id, consumer, idle ms, deliveries]. */
    private static List<Pending> pendingEntries(List<?> reply) {
        return reply.stream().map(entry -> (List<?>) entry)
            .map(entry -> new Pending(RecordId.of(String.valueOf(entry.get(0))),
                    Duration.ofMillis(((Number) entry.get(2)).longValue()), ((Number) entry.get(3)).longValue()))
            .toList();
    }

    /** The smallest entry id after {@code id}. */
    private static RecordId after(RecordId id) {
        return RecordId.of(id.getTimestamp(), id.getSequence() + 1);
    }

    /** How long an entry must have been idle before its next delivery: claim-idle, doubled per delivery so far. */
    private Duration backoff(Pending pending) {
        long doublings = Math.clamp(pending.deliveries() - 1, 0, 10);
        return properties.claimIdle().multipliedBy(1L << doublings);
    }

    /**
     * Runs the entry's handlers; emits whether the entry is settled and is to be acknowledged (every
     * handler committed, or none handles its type). A failed one stays pending; a malformed one is
     * moved to the dead letters, which acknowledges it there.
     */
    private Mono<Boolean> deliver(String stream, Entry entry) {
        List<Subscriber> handlers = entry.handlers();
        if (handlers.isEmpty()) {
            return Mono.just(true);
        }
        if (entry.event() == null) {
            // Redelivering cannot fix a malformed entry.
            lastErrors.put(entry.id().getValue(), entry.malformed());
            return moveToDeadLetters(stream, entry.id(), entry.fields(), 1).thenReturn(false);
        }
        ReceivedEvent event = entry.event();
        String traceparent = entry.traceparent();
        metrics.lag(stream, Duration.between(event.occurredAt(), clock.instant()));
        // Every handler gets its turn even when one before it fails; the entry is settled when all have.
        Mono<Outcome> handling = Flux.fromIterable(handlers)
            .concatMap(subscriber -> dedup.once(subscriber.key(), event.id(),
                        Mono.defer(() -> subscriber.handler().handle(event)))
                .map(ran -> new Outcome(ran, null))
                .onErrorResume(ex -> Mono.just(new Outcome(false, subscriber.key() + ": " + ex))))
            .reduce(Outcome::and);
        return tracing.consume(event.type(), event.id().toString(), traceparent, handling)
            .flatMap(outcome -> {
                if (outcome.error() != null) {
                    metrics.failed(stream);
                    lastErrors.put(entry.id().getValue(), outcome.error());
                    log.warn("Event {} ({}) from {} failed; it stays pending: {}", event.id(), event.type(), stream,
                            outcome.error());
                    return Mono.just(false);
                }
                metrics.processed(stream, outcome.ran() ? "handled" : "duplicate");
                lastErrors.remove(entry.id().getValue());
                return Mono.just(true);
            });
    }

    /** A handler under the key its handled events are remembered by. */
    private record Subscriber(String key, EventHandler handler) {
    }

    /** What the handlers of one delivery did: whether any ran, and the failures, if any. */
    private record Outcome(boolean ran, String error) {

        Outcome and(Outcome next) {
            String errors = error == null ? next.error : next.error == null ? error : error + "; " + next.error;
            return new Outcome(ran || next.ran, errors);
        }
    }

    private static ReceivedEvent parse(JsonNode envelope) {
        return new ReceivedEvent(UUID.fromString(envelope.required("id").asString()), envelope.required("type").asString(),
                envelope.path("version").asInt(1), Instant.parse(envelope.required("occurredAt").asString()),
                envelope.path("source").asString(""), envelope.path("subject").asString(""), envelope.path("data"));
    }

    private Mono<Void> deadLetter(String stream, Pending pending) {
        // Claim first so that only one instance dead-letters it; the claim returns its fields.
        return redis.opsForStream().claim(stream, group, consumer, properties.claimIdle(), pending.id())
            .concatMap(record -> moveToDeadLetters(stream, record.getId(), record.getValue(),
                    pending.deliveries()))
            .switchIfEmpty(ack(stream, pending.id())) // trimmed from the stream: nothing left to keep
            .then();
    }

    private Mono<Void> moveToDeadLetters(String stream, RecordId id, Map<Object, Object> fields, long deliveries) {
        Map<String, String> entry = new LinkedHashMap<>();
        fields.forEach((k, v) -> entry.put(k.toString(), String.valueOf(v)));
        entry.put("stream", stream);
        entry.put("entryId", id.getValue());
        entry.put("group", group);
        entry.put("deliveries", Long.toString(deliveries));
        entry.put("error", lastErrors.getOrDefault(id.getValue(), "unknown (failed on another instance)"));
        entry.put("deadLetteredAt", clock.instant().toString());
        return redis.opsForStream().add(StreamRecords.mapBacked(entry).withStreamKey(deadLetters))
            .then(ack(stream, id))
            .doOnSuccess(v -> {
                lastErrors.remove(id.getValue());
                metrics.deadLettered(stream);
                log.error("Event entry {} of {} dead-lettered to {} after {} deliveries", id, stream, deadLetters, deliveries);
            });
    }

    private Mono<Void> ack(String stream, RecordId... ids) {
        return redis.opsForStream().acknowledge(stream, group, ids).then();
    }

    private Mono<Void> refreshPending(String stream) {
        return redis.opsForStream().pending(stream, group)
            .doOnNext(summary -> metrics.pending(stream, summary.getTotalPendingMessages()))
            .then();
    }

    /**
     * Whether Redis answered with this error code somewhere down the exception chain: at the start of
     * a command's error, inside a script's ("ERR Error running script ...: NOGROUP ...").
     */
    private static boolean causedBy(Throwable ex, String redisError) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(redisError)) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer bytes(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int getPhase() {
        // Stops with the web server's graceful shutdown, before the datastores close; a handler cut
        // off mid-transaction rolls back and its entry, still pending, is delivered again.
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
