package dev.agora.inventory.stock;

import java.time.Instant;
import java.util.UUID;

/**
 * A product's stock. {@code available = onHand - reserved}, never negative.
 */
public record Stock(UUID productId, UUID vendorId, int onHand, int reserved, int lowStockThreshold, long version,
        Instant updatedAt) {

    public int available() {
        return onHand - reserved;
    }

    /** What anyone may see. */
    public record PublicView(UUID productId, int available, boolean inStock) {
    }

    /** What admins and the owning vendor see. */
    public record DetailView(UUID productId, UUID vendorId, int onHand, int reserved, int available, boolean inStock,
            int lowStockThreshold, long version, Instant updatedAt) {
    }

    PublicView publicView() {
        return new PublicView(productId, available(), available() > 0);
    }

    DetailView detailView() {
        return new DetailView(productId, vendorId, onHand, reserved, available(), available() > 0, lowStockThreshold,
                version, updatedAt);
    }
}
