package dev.agora.review.clients;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;

/** user-svc's internal API: the name a review is signed with. */
@Component
public class Authors {

    record Profile(UUID id, String name) {
    }

    private final WebClient client;

    Authors(WebClient.Builder builder, @Value("${agora.services.user.uri}") URI userService) {
        this.client = builder.baseUrl(userService.toString()).build();
    }

    /** The user's display name; empty if user-svc does not know them. */
    public Mono<String> name(UUID userId) {
        return InternalApi.find(client, "user service", Profile.class, "/internal/users/{id}", userId).mapNotNull(Profile::name);
    }
}
