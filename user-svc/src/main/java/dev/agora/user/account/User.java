package dev.agora.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored user. The password hash never leaves this service.
 */
public record User(UUID id, String email, String name, String passwordHash, List<String> roles, UUID vendorId,
        Instant emailVerifiedAt, Instant createdAt, Instant updatedAt, long version) {

    /** Whether the user has proven their email address (by its link, or an admin for them). */
    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    /** What clients may see of a user. */
    public UserView view() {
        return new UserView(id, email, name, roles, vendorId, emailVerified(), emailVerifiedAt, createdAt, updatedAt);
    }

    /**
     * The public representation of a user.
     *
     * @param emailVerified whether the address is proven; unverified accounts cannot check out
     * @param emailVerifiedAt when it was, if it was
     */
    public record UserView(UUID id, String email, String name, List<String> roles, UUID vendorId, boolean emailVerified,
            Instant emailVerifiedAt, Instant createdAt, Instant updatedAt) {
    }
}
