package dev.agora.defaults.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Revoked access-token ids, held in memory so that checking one costs no network round trip.
 *
 * <p>With Redis, a revocation is written to a sorted set (score = the token's expiry, so entries
 * can be pruned once the token would be refused anyway) and published on a channel; every
 * instance of every service subscribes, loads the set on start and re-reads it periodically, which
 * also heals any pub/sub message lost while Redis was unreachable. Without Redis the set is local
 * to this process.
 */
public final class TokenRevocations implements SmartLifecycle {

    /** Sorted set of revoked {@code jti}s, scored by expiry (epoch seconds). */
    public static final String KEY = "agora:auth:revoked-jti";
    /** Channel that announces each revocation as {@code jti|expiryEpochSeconds}. */
    public static final String CHANNEL = "agora:auth:revocations";

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final ReactiveStringRedisTemplate redis;
    private final Duration resyncInterval;
    private final Clock clock;
    private final Disposable.Composite subscriptions = Disposables.composite();
    private volatile boolean running;

    public TokenRevocations(ReactiveStringRedisTemplate redis, Duration resyncInterval, Clock clock) {
        this.redis = redis;
        this.resyncInterval = resyncInterval;
        this.clock = clock;
    }

    public boolean isRevoked(String jti) {
        return revoked.containsKey(jti);
    }

    /** Revokes a token id until its expiry, here at once and everywhere else through Redis. */
    public Mono<Void> revoke(String jti, Instant expiresAt) {
        remember(jti, expiresAt);
        if (redis == null) {
            return Mono.empty();
        }
        return redis.opsForZSet()
            .add(KEY, jti, expiresAt.getEpochSecond())
            .then(redis.convertAndSend(CHANNEL, jti + "|" + expiresAt.getEpochSecond()))
            .then();
    }

    private void remember(String jti, Instant expiresAt) {
        // Keep entries a little past expiry: a token within the verifier's clock skew is still usable.
        if (expiresAt.plusSeconds(60).isAfter(clock.instant())) {
            revoked.put(jti, expiresAt);
        }
    }

    private void prune() {
        Instant cutoff = clock.instant().minusSeconds(60);
        revoked.values().removeIf(exp -> exp.isBefore(cutoff));
    }

    private Mono<Void> resync() {
        long now = clock.instant().getEpochSecond();
        return redis.opsForZSet()
            .removeRangeByScore(KEY, Range.closed(0.0, (double) now - 60))
            .thenMany(redis.opsForZSet()
                .rangeByScoreWithScores(KEY, Range.closed((double) now - 60, Double.MAX_VALUE), Limit.unlimited()))
            .doOnNext(t -> remember(t.getValue(), Instant.ofEpochSecond(t.getScore().longValue())))
            .then()
            .doOnSuccess(v -> prune());
    }

    @Override
    public void start() {
        running = true;
        if (redis == null) {
            return;
        }
        // Deferred: the listener container connects on creation, and a service must start while Redis is down.
        subscriptions.add(Flux.defer(() -> redis.listenToChannel(CHANNEL))
            .doOnNext(message -> {
                String[] parts = message.getMessage().split("\\|", 2);
                if (parts.length == 2) {
                    remember(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])));
                }
            })
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
            .subscribe(m -> { }, ex -> log.warn("Revocation channel closed: {}", ex.toString())));
        subscriptions.add(Flux.interval(Duration.ZERO, resyncInterval)
            .onBackpressureDrop()
            .concatMap(tick -> resync().onErrorResume(ex -> {
                log.warn("Could not read revoked tokens from Redis: {}", ex.toString());
                return Mono.empty();
            }))
            .subscribe());
    }

    @Override
    public void stop() {
        running = false;
        subscriptions.dispose();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
