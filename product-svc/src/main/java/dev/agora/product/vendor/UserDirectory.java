package dev.agora.product.vendor;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * user-svc's internal API, called with this service's token (added by the shared WebClient
 * customizer for {@code /internal/**}).
 */
@Component
class UserDirectory {

    private final WebClient client;

    UserDirectory(ServiceClients clients) {
        this.client = clients.of("user");
    }

    /**
     * Takes the vendor role and vendorId from the vendor's owner and ends their sessions, so tokens
     * minted while the vendor was active stop working at once; idempotent.
     */
    Mono<Void> revokeVendor(UUID userId) {
        return client.delete().uri("/internal/users/{id}/vendor", userId)
            .retrieve()
            // The owner is gone: nobody is left to hold the role.
            .onStatus(status -> status.value() == 404, response -> Mono.empty())
            .onStatus(HttpStatusCode::isError, response -> Mono.error(new AgoraException(ProblemType.SERVICE_UNAVAILABLE, "The user service did not accept the role change; retry later.")))
            .toBodilessEntity()
            .onErrorResume(WebClientResponseException.NotFound.class, ex -> Mono.empty())
            .then();
    }

    /** Gives the vendor's owner the vendor role; idempotent. */
    Mono<Void> grantVendor(UUID userId, UUID vendorId) {
        return client.put().uri("/internal/users/{id}/vendor", userId)
            .bodyValue(Map.of("vendorId", vendorId))
            .retrieve()
            .onStatus(status -> status.value() == 404, response -> Mono.error(AgoraException
                .conflict("The vendor's owner no longer exists.")))
            .onStatus(HttpStatusCode::isError, response -> Mono.error(new AgoraException(ProblemType.SERVICE_UNAVAILABLE, "The user service did not accept the role change; retry later.")))
            .toBodilessEntity()
            .then();
    }
}
