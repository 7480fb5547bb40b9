package dev.agora.defaults.client;

import java.util.function.Function;

import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * Reads from another service's {@code /internal/**} API (the service token is added by the
 * shared WebClient customizer): the body; nothing when the other service answers 404; a 503
 * problem naming the service for any other failure, so the caller's client sees "retry later"
 * rather than a 500.
 */
public final class InternalApi {

    private static final Logger log = LoggerFactory.getLogger(InternalApi.class);

    private InternalApi() {
    }

    /**
     * @param service the other service as a reader would name it, e.g. {@code "product service"}
     */
    public static <T> Mono<T> find(WebClient client, String service, Class<T> type, String uri, Object... variables) {
        return get(client, service, response -> response.bodyToMono(type), uri, variables);
    }

    /**
     * As {@link #find}, with the answer's headers: for a caller that keeps an answer as long as its
     * {@code Cache-Control} allows.
     */
    public static <T> Mono<ResponseEntity<T>> findEntity(WebClient client, String service, Class<T> type, String uri,
            Object... variables) {
        return get(client, service, response -> response.toEntity(type), uri, variables);
    }

    private static <R> Mono<R> get(WebClient client, String service, Function<ClientResponse, Mono<R>> found, String uri,
            Object... variables) {
        return client.get().uri(uri, variables)
            .exchangeToMono(response -> {
                if (response.statusCode().value() == 404) {
                    return response.releaseBody().then(Mono.<R>empty());
                }
                if (response.statusCode().isError()) {
                    // The caller's client only sees "retry later": why is in this line.
                    log.warn("GET {} at the {} answered {}", uri, service, response.statusCode().value());
                    return response.releaseBody().then(Mono.<R>error(unavailable(service)));
                }
                return found.apply(response);
            })
            .onErrorMap(ex -> !(ex instanceof AgoraException), ex -> {
                log.warn("GET {} at the {} failed: {}", uri, service, ex.toString());
                return unavailable(service);
            });
    }

    private static AgoraException unavailable(String service) {
        return new AgoraException(ProblemType.SERVICE_UNAVAILABLE, "The " + service + " could not be asked; retry later.");
    }
}
