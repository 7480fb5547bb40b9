package dev.agora.review.clients;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** user-svc's internal API: the name a review is signed with. */
@Component
public class Authors {

    record Profile(UUID id, String name) {
    }

    private final WebClient client;

    Authors(ServiceClients clients) {
        this.client = clients.of("user");
    }

    /** The user's display name; empty if user-svc does not know them. */
    public Mono<String> name(UUID userId) {
        return InternalApi.find(client, "user service", Profile.class, "/internal/users/{id}", userId).mapNotNull(Profile::name);
    }
}
