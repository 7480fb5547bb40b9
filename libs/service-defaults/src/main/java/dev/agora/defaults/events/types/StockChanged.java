package dev.agora.defaults.events.types;

import java.util.UUID;

/** {@code inventory.stock_changed}: product-svc's {@code inStock} filter follows it. */
public record StockChanged(UUID productId, int available, boolean inStock) {
}
