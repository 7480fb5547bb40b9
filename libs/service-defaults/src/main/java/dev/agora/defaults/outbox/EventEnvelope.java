package dev.agora.defaults.outbox;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The platform's event envelope (DESIGN.md, Events).
 *
 * @param id unique event id; consumers de-duplicate by it
 * @param type e.g. {@code user.registered}
 * @param version schema version of {@code data}
 * @param occurredAt when the change committed
 * @param source the producing service
 * @param subject the aggregate's id
 * @param data the event's payload
 * @param traceparent the W3C trace context of the change that produced it, or null; a consumer
 *        continues that trace
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(UUID id, String type, int version, Instant occurredAt, String source, String subject,
        Object data, String traceparent) {
}
