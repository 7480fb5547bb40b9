package dev.agora.defaults.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event consumer of a service that declares {@link EventHandler} beans.
 *
 * @param group the consumer group; defaults to the application name
 * @param consumer this instance's name within the group; defaults to the host name
 * @param pollInterval how often streams are read when nothing woke the consumer: publishers announce new
 *        entries ({@link EventStreams#APPENDED}), and the consumer looks whenever it starts
 *        listening again, so this is the net for an announcement lost otherwise, and when pending
 *        entries are looked at for redelivery (a failed entry is tried again {@code claimIdle} to
 *        {@code claimIdle} plus this after its delivery)
 * @param batchSize entries read per stream and poll
 * @param claimIdle a pending entry unacknowledged this long is delivered again (to any instance)
 * @param maxDeliveries deliveries after which an entry goes to the dead-letter stream
 * @param deadLetterStream defaults to {@code agora:dlq:<group>}
 * @param dedupRetention how long handled event ids are remembered
 * @param concurrency how many subjects' events (different orders, users…) of one read are handled
 *        at once; one subject's events always go one after another, in stream order. 1, the
 *        default, handles them all one after another: more is for a service whose handlers touch
 *        only their subject's rows, or rows that take concurrent writes
 */
@ConfigurationProperties("agora.events")
public record EventsProperties(String group, String consumer, @DefaultValue("15s") Duration pollInterval,
        @DefaultValue("50") int batchSize, @DefaultValue("30s") Duration claimIdle, @DefaultValue("5") int maxDeliveries,
        String deadLetterStream, @DefaultValue("14d") Duration dedupRetention, @DefaultValue("1") int concurrency) {

    public EventsProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("agora.events.concurrency must be at least 1, not " + concurrency);
        }
    }
}
