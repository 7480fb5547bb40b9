package dev.agora.order.checkout;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * Only buyers who have proven their email address check out. A token says so ({@code emailVerified})
 * as it was when issued; one that says no may predate a verification of the last 15 minutes, so
 * user-svc is asked then, and only then.
 */
@Component
class VerifiedBuyers {

    /** user-svc's answer. */
    record Verification(boolean verified) {
    }

    private final WebClient client;

    VerifiedBuyers(ServiceClients clients) {
        this.client = clients.of("user");
    }

    Mono<Void> require(AgoraPrincipal caller) {
        if (caller.emailVerified()) {
            return Mono.empty();
        }
        return InternalApi.find(client, "user service", Verification.class, "/internal/users/{user}/email-verification",
                caller.userId())
            .filter(Verification::verified)
            .switchIfEmpty(Mono.error(() -> new AgoraException(ProblemType.EMAIL_UNVERIFIED,
                    "Verify your email address before checking out: follow the link in the email we sent when you signed up, "
                            + "or ask for a new one (POST /api/v1/users/me/email-verification). Your cart is kept.")))
            .then();
    }
}
