package dev.agora.review.review;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.util.context.ContextView;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.EventEnvelope;
import dev.agora.defaults.tracing.EventTracing;

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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reviewId", review.id());
        data.put("productId", review.productId());
        data.put("userId", review.userId());
        data.put("rating", review.rating());
        data.put("verifiedPurchase", review.verifiedPurchase());
        data.put("status", review.status());
        UUID id = Uuids.v7();
        EventEnvelope envelope = new EventEnvelope(id, type, 1, clock.instant().truncatedTo(ChronoUnit.MICROS), "review-svc",
                review.id(), data, tracing.traceparent(context).orElse(null));
        return new Review.PendingEvent(id.toString(), type, json.writeValueAsString(envelope));
    }
}
