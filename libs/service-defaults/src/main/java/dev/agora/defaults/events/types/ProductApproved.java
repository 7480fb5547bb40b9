package dev.agora.defaults.events.types;

import java.util.UUID;

/** {@code product.approved}: an admin let the product into the catalogue. */
public record ProductApproved(UUID productId, UUID vendorId, String name, UUID approvedBy) {
}
