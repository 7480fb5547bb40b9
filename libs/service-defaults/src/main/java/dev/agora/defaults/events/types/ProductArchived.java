package dev.agora.defaults.events.types;

import java.util.UUID;

/**
 * {@code product.archived}.
 *
 * @param removed true when the product was never published and is gone, false when it is archived
 */
public record ProductArchived(UUID productId, boolean removed) {
}
