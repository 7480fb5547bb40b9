package dev.agora.order.saga;

import java.util.Set;

import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The answer of another service to one saga step, sorted by what the saga can do with it: go on,
 * take the refusal as final, or try again later because the outcome is not known.
 */
sealed interface Call {

    /** 2xx, with the body. */
    record Ok(int status, JsonNode body) implements Call {
    }

    /**
     * 4xx: the other service decided; {@code type} is the problem type's slug. Not 401, 403, 408, 425
     * or 429: those say "not now" (a signing key not yet in a JWKS cache, a token revoked and being
     * renewed, a rate limit), not "no", and a paid order must not be cancelled for them.
     */
    record Refused(int status, String type, String detail, JsonNode body) implements Call {
    }

    /** 5xx, a timeout, no connection or a transient refusal: the outcome is unknown; try again. */
    record Unavailable(String error) implements Call {
    }

    Set<Integer> TRANSIENT = Set.of(401, 403, 408, 425, 429);

    static Mono<Call> of(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(Call::read)
            .onErrorResume(ex -> Mono.just(new Unavailable(ex.getClass().getSimpleName() + ": " + ex.getMessage())));
    }

    private static Mono<Call> read(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(JsonNode.class)
            .map(java.util.Optional::of)
            .defaultIfEmpty(java.util.Optional.empty())
            .onErrorResume(ex -> Mono.just(java.util.Optional.empty()))
            .map(body -> {
                JsonNode json = body.orElse(null);
                if (status >= 200 && status < 300) {
                    return new Ok(status, json);
                }
                if (TRANSIENT.contains(status)) {
                    return new Unavailable("HTTP " + status + " (transient)");
                }
                if (status >= 400 && status < 500) {
                    String type = json == null ? "" : json.path("type").asString("");
                    return new Refused(status, type.substring(type.lastIndexOf('/') + 1),
                            json == null ? "" : json.path("detail").asString(""), json);
                }
                return new Unavailable("HTTP " + status);
            });
    }
}
