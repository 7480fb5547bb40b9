package dev.agora.defaults.redis;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Opens the shared Redis connection at start-up, on the main thread, before the server takes
 * requests. Spring Data Redis otherwise opens it on first use, which blocks the event-loop thread
 * that happens to need it first (and a caller's timeout cancelling that connect left later calls
 * waiting). Redis being down at start-up is logged, not fatal: services start without it.
 */
final class RedisConnectionWarmup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RedisConnectionWarmup.class);

    private final ReactiveStringRedisTemplate redis;

    RedisConnectionWarmup(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            redis.hasKey("agora:warmup").block(Duration.ofSeconds(5));
        }
        catch (RuntimeException ex) {
            log.warn("Redis is not reachable at start-up ({}); its users fall back until it is", ex.toString());
        }
    }
}
