package dev.agora.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.agora.user.auth.Sessions;

/**
 * Changes of what a user may do. Granting takes effect from the user's next token; taking a
 * privilege away ends every session and access token the user has at once (the revocations reach
 * the gateway and every service within a second), so a demoted admin or a deactivated vendor cannot
 * go on with tokens minted before the change.
 */
@Service
public class Privileges {

    private final UserRepository users;
    private final Sessions sessions;
    private final Clock clock;

    Privileges(UserRepository users, Sessions sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Replaces the user's roles; empty if there is no such user. */
    public Mono<User> replaceRoles(UUID userId, List<String> roles) {
        return users.findById(userId).flatMap(before -> users.updateRoles(userId, roles, clock.instant())
            .flatMap(after -> before.roles().stream().allMatch(after.roles()::contains) ? Mono.just(after)
                    : sessions.endAll(userId).thenReturn(after)));
    }

    /** The user acts for this vendor from their next token; empty if there is no such user. */
    public Mono<User> grantVendor(UUID userId, UUID vendorId) {
        return users.grantVendor(userId, vendorId, clock.instant());
    }

    /** The user no longer acts for a vendor, from now on; empty if there is no such user. */
    public Mono<User> revokeVendor(UUID userId) {
        return users.revokeVendor(userId, clock.instant()).flatMap(user -> sessions.endAll(userId).thenReturn(user));
    }
}
