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
    /** Stock as one caller may see it: availability, or the whole ledger for admins and the owning vendor. */
    @io.swagger.v3.oas.annotations.media.Schema(oneOf = { PublicView.class, DetailView.class })
    public sealed interface View permits PublicView, DetailView {
    }

    public record PublicView(UUID productId, int available, boolean inStock) implements View {
    }

    /** What admins and the owning vendor see. */
    public record DetailView(UUID productId, UUID vendorId, int onHand, int reserved, int available, boolean inStock,
            int lowStockThreshold, long version, Instant updatedAt) implements View {
    }

    PublicView publicView() {
        return new PublicView(productId, available(), available() > 0);
    }

    DetailView detailView() {
        return new DetailView(productId, vendorId, onHand, reserved, available(), available() > 0, lowStockThreshold,
                version, updatedAt);
    }
}
