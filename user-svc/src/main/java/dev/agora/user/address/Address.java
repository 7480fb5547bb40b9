package dev.agora.user.address;

import java.time.Instant;
import java.util.UUID;

/**
 * A shipping address in a user's address book; the shape of an order's shipping address, with a
 * label ("Home") and whether it is the one checkout offers first.
 */
record Address(UUID id, UUID userId, String label, String name, String line1, String line2, String city, String region,
        String postalCode, String country, boolean isDefault, Instant createdAt, Instant updatedAt) {

    /** What the API shows: everything but the owner, who is the caller. */
    record View(UUID id, String label, String name, String line1, String line2, String city, String region,
            String postalCode, String country, boolean isDefault, Instant createdAt, Instant updatedAt) {
    }

    View view() {
        return new View(id, label, name, line1, line2, city, region, postalCode, country, isDefault, createdAt, updatedAt);
    }
}
