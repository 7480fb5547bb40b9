package dev.agora.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Changes of what a user may do. Granting takes effect from the user's next token; taking a
 * privilege away ends every session and access token the user has at once (the revocations reach
 * the gateway and every service within a second), so a demoted admin or a deactivated vendor cannot
 * go on with tokens minted before the change. The change and the revocation are one transaction:
 * if ending the sessions fails (Redis unreachable), the role stays as it was, so the caller's retry
 * finds the role still there and revokes again, instead of a changed role with live old tokens.
 */
@Service
public class Privileges {

    private final UserRepository users;
    private final SessionEnder sessions;
    private final TransactionalOperator tx;
    private final Clock clock;

    Privileges(UserRepository users, SessionEnder sessions, TransactionalOperator tx, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.tx = tx;
        this.clock = clock;
    }

    /** Replaces the user's roles; empty if there is no such user. */
    public Mono<User> replaceRoles(UUID userId, List<String> roles) {
        return tx.transactional(users.findById(userId).flatMap(before -> users.updateRoles(userId, roles, clock.instant())
            .flatMap(after -> before.roles().stream().allMatch(after.roles()::contains) ? Mono.just(after)
                    : sessions.endAll(userId).thenReturn(after))));
    }

    /** The user acts for this vendor from their next token; empty if there is no such user. */
    public Mono<User> grantVendor(UUID userId, UUID vendorId) {
        return users.grantVendor(userId, vendorId, clock.instant());
    }

    /** The user no longer acts for a vendor, from now on; empty if there is no such user. */
    public Mono<User> revokeVendor(UUID userId) {
        return tx.transactional(users.revokeVendor(userId, clock.instant())
            .flatMap(user -> sessions.endAll(userId).thenReturn(user)));
    }
}
