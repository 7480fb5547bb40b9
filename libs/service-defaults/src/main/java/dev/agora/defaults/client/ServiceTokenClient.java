package dev.agora.defaults.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Obtains this service's token (role {@code service}) by the client-credentials grant and reuses
 * it until shortly before it expires; concurrent callers share one fetch.
 */
public final class ServiceTokenClient {

    /**
     * A WebClient request attribute: set it to {@code true} to send this service's token on a call
     * outside {@code /internal/**} (e.g. order-svc charging through payment-svc's public API on a
     * customer's behalf). {@code /internal/**} calls get the token without it.
     */
    public static final String AS_SERVICE = "agora.client.as-service";

    private static final Duration EARLY_RENEWAL = Duration.ofSeconds(30);

    private final WebClient client;
    private final ServiceClientProperties properties;
    private final Clock clock;
    private volatile Cached cached;
    private volatile Mono<Cached> inflight;

    ServiceTokenClient(WebClient client, ServiceClientProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    /** A valid service token. */
    public Mono<String> token() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return Mono.just(current.token());
        }
        Mono<Cached> fetch = inflight;
        if (fetch == null) {
            synchronized (this) {
                if (inflight == null) {
                    inflight = fetch().doOnNext(c -> cached = c).doFinally(s -> inflight = null).cache();
                }
                fetch = inflight;
            }
        }
        return fetch.map(Cached::token);
    }

    private Mono<Cached> fetch() {
        return client.post()
            .uri(properties.tokenUri())
            .headers(h -> h.setBasicAuth(properties.clientId(), properties.clientSecret()))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
            .retrieve()
            .bodyToMono(TokenResponse.class)
            .map(r -> new Cached(r.accessToken(),
                    clock.instant().plusSeconds(Math.max(0, r.expiresIn())).minus(EARLY_RENEWAL)));
    }

    record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") long expiresIn) {
    }

    private record Cached(String token, Instant renewAt) {
    }
}
