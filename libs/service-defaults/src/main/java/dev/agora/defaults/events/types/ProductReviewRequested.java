package dev.agora.defaults.events.types;

import java.util.UUID;

/**
 * {@code product.review_requested}: a vendor's new product, or one whose name, description or
 * images its vendor changed, waits for an admin's review and is hidden from shoppers meanwhile.
 */
public record ProductReviewRequested(UUID productId, UUID vendorId, String name) {
}
