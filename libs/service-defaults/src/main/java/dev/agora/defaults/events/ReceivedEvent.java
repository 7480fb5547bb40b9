package dev.agora.defaults.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a consumer receives it: the envelope with its payload still as JSON.
 *
 * @param id the event id, the de-duplication key
 * @param type e.g. {@code order.confirmed}
 * @param version schema version of {@code data}
 * @param occurredAt when the producer's change committed
 * @param source the producing service
 * @param subject the aggregate's id
 * @param data the payload
 */
public record ReceivedEvent(UUID id, String type, int version, Instant occurredAt, String source, String subject,
        JsonNode data) {

    /** Consumers read what they know: a field a newer producer added is no reason to fail. */
    private static final JsonMapper READER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    /**
     * The payload as its record from {@link dev.agora.defaults.events.types.EventTypes}, e.g.
     * {@code event.data(StockChanged.class)}. A payload that does not fit fails the handling, so
     * the event is retried and then dead-lettered, never half applied.
     */
    public <T> T data(Class<T> type) {
        return READER.treeToValue(data, type);
    }
}
