package dev.agora.review.review;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.util.context.ContextView;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.EventEnvelope;
import dev.agora.defaults.tracing.EventTracing;
import dev.agora.defaults.events.types.ReviewEvent;

/** Builds the envelopes of {@code review.created|updated|deleted}, to be stored with the change. */
@Component
class ReviewEvents {

    private final JsonMapper json;
    private final Clock clock;
    private final EventTracing tracing;

    ReviewEvents(JsonMapper json, Clock clock, EventTracing tracing) {
        this.json = json;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** The event, carrying the trace of the request in {@code context}. */
    Review.PendingEvent of(String type, Review review, ContextView context) {
        var data = new ReviewEvent(review.id(), review.productId(), review.userId(), review.rating(),
                review.verifiedPurchase(), review.status().value());
        UUID id = Uuids.v7();
        EventEnvelope envelope = new EventEnvelope(id, type, 1, clock.instant().truncatedTo(ChronoUnit.MICROS), "review-svc",
                review.id(), data, tracing.traceparent(context).orElse(null));
        return new Review.PendingEvent(id.toString(), type, json.writeValueAsString(envelope));
    }
}
