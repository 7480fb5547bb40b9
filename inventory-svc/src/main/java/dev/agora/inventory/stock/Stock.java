package dev.agora.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A product's stock. {@code available = onHand - reserved}, never negative.
 */
public record Stock(UUID productId, UUID vendorId, int onHand, int reserved, int lowStockThreshold, long version,
        Instant updatedAt) {

    public int available() {
        return onHand - reserved;
    }

    /** Stock as one caller may see it: availability, or the whole ledger for admins and the owning vendor. */
    @io.swagger.v3.oas.annotations.media.Schema(oneOf = { PublicView.class, DetailView.class })
    public sealed interface View permits PublicView, DetailView {
    }

    public record PublicView(UUID productId, int available, boolean inStock) implements View {
    }

    /** What admins and the owning vendor see: the totals, and what each location holds. */
    public record DetailView(UUID productId, UUID vendorId, int onHand, int reserved, int available, boolean inStock,
            int lowStockThreshold, long version, Instant updatedAt, List<Level> locations) implements View {
    }

    /** A product's stock at one location. {@code kind}: warehouse or store; {@code country} may be null. */
    public record Level(UUID locationId, String name, String kind, String country, int onHand, int reserved, int available) {

        Level(UUID locationId, String name, String kind, String country, int onHand, int reserved) {
            this(locationId, name, kind, country, onHand, reserved, onHand - reserved);
        }
    }

    PublicView publicView() {
        return new PublicView(productId, available(), available() > 0);
    }

    DetailView detailView(List<Level> locations) {
        return new DetailView(productId, vendorId, onHand, reserved, available(), available() > 0, lowStockThreshold,
                version, updatedAt, locations);
    }
}
