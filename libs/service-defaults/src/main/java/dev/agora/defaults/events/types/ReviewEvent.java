package dev.agora.defaults.events.types;

/** {@code review.created|updated|deleted}: the review as it now is (ids as review-svc stores them). */
public record ReviewEvent(String reviewId, String productId, String userId, int rating, boolean verifiedPurchase,
        String status) {
}
