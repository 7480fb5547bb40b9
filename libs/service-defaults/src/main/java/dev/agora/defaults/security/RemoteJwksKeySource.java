package dev.agora.defaults.security;

import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Keys from the issuer's JWKS endpoint, cached. A {@code kid} not in the cache triggers one
 * re-fetch, shared by all concurrent callers, and at most once per refresh interval after a
 * successful fetch (a failed fetch may be retried after a second), so forged {@code kid}s cannot
 * turn the verifier into a request amplifier.
 */
final class RemoteJwksKeySource implements PublicKeySource {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwksKeySource.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final WebClient client;
    private final URI jwksUri;
    private final Duration minInterval;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicReference<Mono<Map<String, RSAPublicKey>>> inflight = new AtomicReference<>();
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile Instant lastSuccess = Instant.EPOCH;
    private volatile Instant lastAttempt = Instant.EPOCH;

    RemoteJwksKeySource(WebClient client, URI jwksUri, Duration minInterval, Duration timeout, Clock clock) {
        this.client = client;
        this.jwksUri = jwksUri;
        this.minInterval = minInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Mono<RSAPublicKey> find(String kid) {
        RSAPublicKey cached = keys.get(kid);
        if (cached != null) {
            return Mono.just(cached);
        }
        if (!mayRefresh()) {
            return Mono.empty();
        }
        return refresh().mapNotNull(fresh -> fresh.get(kid)).onErrorResume(ex -> Mono.empty());
    }

    private boolean mayRefresh() {
        Instant now = clock.instant();
        return now.isAfter(lastSuccess.plus(minInterval)) && now.isAfter(lastAttempt.plus(RETRY_AFTER_FAILURE))
                || inflight.get() != null;
    }

    private Mono<Map<String, RSAPublicKey>> refresh() {
        Mono<Map<String, RSAPublicKey>> existing = inflight.get();
        if (existing != null) {
            return existing;
        }
        Mono<Map<String, RSAPublicKey>> fetch = Mono.defer(() -> {
            lastAttempt = clock.instant();
            return client.get().uri(jwksUri).retrieve().bodyToMono(String.class).timeout(timeout);
        })
            .map(JwkSets::parse)
            .doOnNext(fresh -> {
                keys = Map.copyOf(fresh);
                lastSuccess = clock.instant();
                log.info("Loaded {} signing key(s) from {}", fresh.size(), jwksUri);
            })
            .doOnError(ex -> log.warn("Could not load signing keys from {}: {}", jwksUri, ex.toString()))
            .doFinally(signal -> inflight.set(null))
            .cache();
        return inflight.compareAndSet(null, fetch) ? fetch : refresh();
    }
}
