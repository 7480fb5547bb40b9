package dev.agora.defaults.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.tracing.EventTracing;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change, so that the
 * event exists if and only if the change committed; the relay publishes it afterwards.
 */
public final class OutboxWriter {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final OutboxProperties properties;
    private final String source;
    private final Clock clock;
    private final EventTracing tracing;

    OutboxWriter(DatabaseClient db, JsonMapper json, OutboxProperties properties, String source, Clock clock,
            EventTracing tracing) {
        this.db = db;
        this.json = json;
        this.properties = properties;
        this.source = source;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** Appends a version-1 event about {@code subject}. */
    public Mono<EventEnvelope> append(String type, Object subject, Object data) {
        return append(type, 1, subject, data);
    }

    public Mono<EventEnvelope> append(String type, int version, Object subject, Object data) {
        return prepare(type, version, subject, data)
            .flatMap(event -> event.bind(db.sql("INSERT INTO outbox " + Prepared.COLUMNS + " VALUES " + Prepared.VALUES))
                .then()
                .thenReturn(event.envelope()));
    }

    /**
     * A version-1 event about {@code subject}, ready for a statement of the caller's own that writes
     * it together with the change (a data-modifying {@code WITH}): one round trip instead of a
     * transaction of several. The statement must write it if and only if it writes the change.
     */
    public Mono<Prepared> prepare(String type, Object subject, Object data) {
        return prepare(type, 1, subject, data);
    }

    private Mono<Prepared> prepare(String type, int version, Object subject, Object data) {
        return Mono.deferContextual(context -> {
            UUID id = Uuids.v7();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            EventEnvelope envelope = new EventEnvelope(id, type, version, now, source, String.valueOf(subject), data,
                    tracing.traceparent(context).orElse(null));
            return Mono.fromCallable(() -> new Prepared(envelope, properties.stream(), json.writeValueAsString(envelope)));
        });
    }

    /**
     * An event serialised for the outbox. A statement writes it with
     * {@code INSERT INTO outbox }{@link #COLUMNS}{@code  SELECT }{@link #VALUES_LIST}{@code  FROM ...}
     * (or {@code VALUES }{@link #VALUES}) and {@link #bind}s its values.
     */
    public record Prepared(EventEnvelope envelope, String stream, String body) {

        /** The outbox's columns an event fills. */
        public static final String COLUMNS = "(id, stream, type, subject, envelope, occurred_at)";

        /** The event's values, as bound by {@link #bind}, for {@code SELECT}. */
        public static final String VALUES_LIST =
                ":eventId, :eventStream, :eventType, :eventSubject, CAST(:eventEnvelope AS jsonb), :eventOccurredAt";

        /** The event's values, as bound by {@link #bind}, for {@code VALUES}. */
        public static final String VALUES = "(" + VALUES_LIST + ")";

        /** Binds the event's values to a statement that names them as {@link #VALUES_LIST} does. */
        public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec statement) {
            return statement.bind("eventId", envelope.id())
                .bind("eventStream", stream)
                .bind("eventType", envelope.type())
                .bind("eventSubject", envelope.subject())
                .bind("eventEnvelope", body)
                .bind("eventOccurredAt", envelope.occurredAt());
        }
    }
}
