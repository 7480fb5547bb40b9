package dev.agora.testsupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * Platform events as a producer's outbox relay writes them to its Redis Stream (fields {@code id},
 * {@code type}, {@code envelope}), for consumer tests that feed a stream directly:
 * {@code redis.opsForStream().add(StreamRecords.mapBacked(StreamEvents.entry(...)).withStreamKey(stream))}.
 */
public final class StreamEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StreamEvents() {
    }

    /** The stream entry of a version-1 event from source {@code test}. */
    public static Map<String, String> entry(UUID id, String type, Instant occurredAt, String subject, Map<String, ?> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("type", type);
        envelope.put("version", 1);
        envelope.put("occurredAt", occurredAt.toString());
        envelope.put("source", "test");
        envelope.put("subject", subject);
        envelope.put("data", data);
        return Map.of("id", id.toString(), "type", type, "envelope", JSON.writeValueAsString(envelope));
    }
}
