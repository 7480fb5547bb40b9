package dev.agora.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored user. The password hash never leaves this service.
 */
public record User(UUID id, String email, String name, String passwordHash, List<String> roles, UUID vendorId,
        Instant createdAt, Instant updatedAt, long version) {

    /** What clients may see of a user. */
    public UserView view() {
        return new UserView(id, email, name, roles, vendorId, createdAt, updatedAt);
    }

    /**
     * The public representation of a user.
     */
    public record UserView(UUID id, String email, String name, List<String> roles, UUID vendorId, Instant createdAt,
            Instant updatedAt) {
    }
}
