package dev.agora.user.internal;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.user.account.Privileges;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;

/**
 * Changes other services make to users. Only callers with the {@code service} role get here
 * (the shared filter guards {@code /internal/**}).
 */
@RestController
class InternalUsersController {

    private final UserRepository users;
    private final Privileges privileges;

    InternalUsersController(UserRepository users, Privileges privileges) {
        this.users = users;
        this.privileges = privileges;
    }

    /** What other services may know of a user: enough to name them (review authors), not to reach them. */
    record PublicProfile(UUID id, String name) {
    }

    @GetMapping("/internal/users/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.USERS_READ)
    Mono<PublicProfile> profile(AgoraPrincipal caller, @PathVariable UUID id) {
        return users.findById(id).map(u -> new PublicProfile(u.id(), u.name()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }

    /** The vendor a user now acts for. */
    record VendorGrant(@NotNull UUID vendorId) {
    }

    /** product-svc verified a vendor: its owner gets the vendor role, effective from their next token. */
    @PutMapping("/internal/users/{id}/vendor")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.USERS_VENDOR)
    Mono<User.UserView> grantVendor(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody VendorGrant grant) {
        return privileges.grantVendor(id, grant.vendorId()).map(User::view)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }

    /**
     * product-svc deactivated the user's vendor: the vendor role and vendorId go, and every session
     * and access token of the user ends now rather than when the tokens expire. Idempotent.
     */
    @DeleteMapping("/internal/users/{id}/vendor")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.USERS_VENDOR)
    Mono<User.UserView> revokeVendor(AgoraPrincipal caller, @PathVariable UUID id) {
        return privileges.revokeVendor(id).map(User::view)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }
}
