package dev.agora.defaults.events.types;

import java.util.UUID;

/** {@code product.rejected}: an admin kept the product out of the catalogue, saying why (its vendor is told). */
public record ProductRejected(UUID productId, UUID vendorId, String name, String reason, UUID rejectedBy) {
}
