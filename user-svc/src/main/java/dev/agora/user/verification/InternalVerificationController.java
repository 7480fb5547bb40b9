package dev.agora.user.verification;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.user.account.UserRepository;

/**
 * order-svc asks at checkout when the buyer's token predates their verification (a token says
 * {@code emailVerified} as it was when issued, for up to 15 minutes).
 */
@RestController
class InternalVerificationController {

    private final UserRepository users;

    InternalVerificationController(UserRepository users) {
        this.users = users;
    }

    record Verification(boolean verified) {
    }

    @GetMapping("/internal/users/{id}/email-verification")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.USERS_VERIFICATION)
    Mono<Verification> verification(AgoraPrincipal caller, @PathVariable UUID id) {
        return users.findById(id).map(user -> new Verification(user.emailVerified()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }
}
