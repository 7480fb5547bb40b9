package dev.agora.defaults.outbox;

import java.time.Instant;
import java.util.UUID;

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
 */
public record EventEnvelope(UUID id, String type, int version, Instant occurredAt, String source, String subject,
        Object data) {
}
