package dev.agora.defaults.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The transactional outbox of a producing service.
 *
 * @param stream the Redis Stream this service publishes to, e.g. {@code agora:events:users};
 *        without it there is no outbox
 * @param source the envelope's {@code source}; defaults to the application name
 * @param pollInterval how often the relay looks for unpublished events when nothing woke it: committed rows
 *        wake it at once (PostgreSQL LISTEN/NOTIFY), so this is only the net for a notice lost with its
 *        connection
 * @param batchSize events published per poll
 * @param retention how long published events stay in the table, for audit and replay
 * @param maxStreamLength approximate cap on the stream's length
 */
@ConfigurationProperties("agora.outbox")
public record OutboxProperties(String stream, String source, @DefaultValue("15s") Duration pollInterval,
        @DefaultValue("100") int batchSize, @DefaultValue("7d") Duration retention,
        @DefaultValue("1000000") long maxStreamLength) {
}
