package dev.agora.review;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.agora.defaults.events.EventStreams;

/**
 * @param stream the Redis Stream review events go to
 * @param relayInterval how often unpublished review events are looked for besides when this instance writes one
 *        (which wakes the relay at once): the net for events written elsewhere or at a busy moment
 * @param summaryTtl how long a product's rating summary stays cached (every change invalidates it
 *        anyway)
 */
@ConfigurationProperties("agora.reviews")
public record ReviewProperties(@DefaultValue(EventStreams.REVIEWS) String stream,
        @DefaultValue("5s") Duration relayInterval, @DefaultValue("10m") Duration summaryTtl) {
}
