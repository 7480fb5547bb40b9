package dev.agora.defaults.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

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
}
