package dev.agora.inventory.location;

import java.time.Instant;
import java.util.UUID;

/**
 * A warehouse or store that holds stock.
 *
 * @param vendorId the vendor whose stock it holds; null for the platform's own
 * @param country ISO 3166-1 alpha-2, null when not known
 */
public record Location(UUID id, UUID vendorId, String name, LocationKind kind, String country, long version,
        Instant createdAt, Instant updatedAt) {
}
