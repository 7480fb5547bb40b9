package dev.agora.review.review;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A review as stored. Events about it wait in {@code events} until the relay has published them:
 * MongoDB changes one document atomically, so the change and its event are written together
 * (the outbox pattern without a transaction). A deleted review stays as a {@code deleted}
 * tombstone until its event is out.
 *
 * @param variantId the variant the author bought and reviews, of a product sold in variants; else null
 * @param variantLabel that variant's options as they read when the review was written
 * @param status {@code published}, {@code hidden} (by an admin) or {@code deleted}
 */
@Document("reviews")
record Review(@Id String id, String productId, String variantId, String variantLabel, String userId, String authorName, int rating, String title, String body,
        boolean verifiedPurchase, long helpfulCount, ReviewStatus status, Instant createdAt, Instant updatedAt,
        List<PendingEvent> events) {

    /** An event envelope (JSON) waiting to be published. */
    record PendingEvent(String eventId, String type, String envelope) {
    }

    /** This review with {@code event} waiting to be published. */
    Review withEvent(PendingEvent event) {
        List<PendingEvent> waiting = new java.util.ArrayList<>(events == null ? List.of() : events);
        waiting.add(event);
        return new Review(id, productId, variantId, variantLabel, userId, authorName, rating, title, body, verifiedPurchase,
                helpfulCount, status, createdAt, updatedAt, List.copyOf(waiting));
    }

    View view() {
        return new View(id, productId, variantId, variantLabel, userId, authorName, rating, title, body, verifiedPurchase,
                helpfulCount, status, createdAt, updatedAt);
    }

    /**
     * The API shape. {@code title} and {@code body} are plain text as the author typed it: clients
     * must escape them when they render HTML.
     */
    record View(String id, String productId,
            @Schema(description = "the variant reviewed, of a product sold in variants; absent otherwise") String variantId,
            @Schema(description = "that variant's options, such as \"M / red\"; absent otherwise") String variantLabel,
            String userId, String authorName, int rating, String title, String body,
            boolean verifiedPurchase, long helpfulCount, ReviewStatus status, Instant createdAt, Instant updatedAt) {
    }
}
