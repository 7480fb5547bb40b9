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
        return Mono.deferContextual(context -> {
            UUID id = Uuids.v7();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            EventEnvelope envelope = new EventEnvelope(id, type, version, now, source, String.valueOf(subject), data,
                    tracing.traceparent(context).orElse(null));
            return insert(envelope);
        });
    }

    private Mono<EventEnvelope> insert(EventEnvelope envelope) {
        return Mono.fromCallable(() -> json.writeValueAsString(envelope))
            .flatMap(body -> db.sql("""
                    INSERT INTO outbox (id, stream, type, subject, envelope, occurred_at)
                    VALUES (:id, :stream, :type, :subject, CAST(:envelope AS jsonb), :occurredAt)""")
                .bind("id", envelope.id())
                .bind("stream", properties.stream())
                .bind("type", envelope.type())
                .bind("subject", envelope.subject())
                .bind("envelope", body)
                .bind("occurredAt", envelope.occurredAt())
                .then())
            .thenReturn(envelope);
    }
}
