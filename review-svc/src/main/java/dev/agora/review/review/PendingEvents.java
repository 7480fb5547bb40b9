package dev.agora.review.review;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Tells this instance's relay that a review was written with an event to publish, so that it
 * publishes now instead of on its next regular look (which stays, for writes of other instances
 * and for a signal dropped while a pass runs).
 */
@Component
public class PendingEvents {

    private final Sinks.Many<Boolean> written = Sinks.many().multicast().directBestEffort();

    /** A review document now holds an unpublished event. */
    public void written() {
        written.tryEmitNext(Boolean.TRUE);
    }

    public Flux<Boolean> signals() {
        return written.asFlux();
    }
}
