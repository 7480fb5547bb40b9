package dev.agora.defaults.events.types;

import java.util.UUID;

import dev.agora.defaults.money.Money;

/** {@code product.price_changed}. */
public record ProductPriceChanged(UUID productId, Money oldPrice, Money newPrice) {
}
