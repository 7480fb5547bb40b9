package dev.agora.review.review;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.EventEnvelope;

/** Builds the envelopes of {@code review.created|updated|deleted}, to be stored with the change. */
@Component
class ReviewEvents {

    private final JsonMapper json;
    private final Clock clock;

    ReviewEvents(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Review.PendingEvent of(String type, Review review) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reviewId", review.id());
        data.put("productId", review.productId());
        data.put("userId", review.userId());
        data.put("rating", review.rating());
        data.put("verifiedPurchase", review.verifiedPurchase());
        data.put("status", review.status());
        UUID id = Uuids.v7();
        EventEnvelope envelope = new EventEnvelope(id, type, 1, clock.instant().truncatedTo(ChronoUnit.MICROS), "review-svc",
                review.id(), data);
        return new Review.PendingEvent(id.toString(), type, json.writeValueAsString(envelope));
    }
}
