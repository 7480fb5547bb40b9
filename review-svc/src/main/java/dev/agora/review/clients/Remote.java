package dev.agora.review.clients;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;

/** A GET of another service's internal API: the body, empty on 404, 503 on anything else. */
final class Remote {

    private Remote() {
    }

    static <T> Mono<T> get(WebClient client, String uri, Class<T> type, Object... variables) {
        return client.get().uri(uri, variables)
            .exchangeToMono(response -> {
                if (response.statusCode().value() == 404) {
                    return response.releaseBody().then(Mono.<T>empty());
                }
                if (response.statusCode().isError()) {
                    return response.releaseBody().then(Mono.<T>error(unavailable()));
                }
                return response.bodyToMono(type);
            })
            .onErrorMap(ex -> !(ex instanceof AgoraException), ex -> unavailable());
    }

    private static AgoraException unavailable() {
        return new AgoraException(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                "A service this request depends on could not be asked; retry later.");
    }
}
