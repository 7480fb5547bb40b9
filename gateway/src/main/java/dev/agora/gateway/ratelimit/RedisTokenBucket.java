package dev.agora.gateway.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.agora.defaults.Deadlines;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A token bucket per key in Redis, using Spring Cloud Gateway's own atomic Lua script. When Redis
 * is down or slower than the timeout the request is allowed (fail open) and counted: losing rate
 * limiting for a while is better than losing the whole platform.
 */
@Component
class RedisTokenBucket {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenBucket.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisScript<List<Long>> script;
    private final Duration timeout;
    private final Counter bypassed;

    @SuppressWarnings({ "unchecked", "rawtypes" })
    RedisTokenBucket(ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters)
            throws IOException {
        this.redis = redis;
        // Spring Cloud Gateway's own token-bucket script, read once here: its script bean re-reads
        // the jar resource on every use, which is blocking I/O on an event-loop thread.
        String source = new ClassPathResource("META-INF/scripts/request_rate_limiter.lua")
            .getContentAsString(StandardCharsets.UTF_8);
        this.script = (RedisScript) RedisScript.of(source, List.class);
        this.timeout = properties.redisTimeout();
        this.bypassed = Counter.builder("agora.ratelimit.bypassed")
            .description("Requests let through unchecked because Redis was unavailable").register(meters);
    }

    /** Result of one check: whether allowed, and the tokens left (-1 when unchecked). */
    record Decision(boolean allowed, long remaining) {
    }

    Mono<Decision> take(String key, int replenishRate, int burstCapacity, int requested) {
        List<String> keys = List.of("agora:ratelimit:{" + key + "}:tokens", "agora:ratelimit:{" + key + "}:ts");
        List<String> args = List.of(Integer.toString(replenishRate), Integer.toString(burstCapacity), "",
                Integer.toString(requested));
        return Deadlines.within(redis.execute(script, keys, args).next(), timeout)
            .map(result -> new Decision(result.get(0) == 1L, result.get(1)))
            .onErrorResume(ex -> {
                bypassed.increment();
                log.debug("Rate limit not checked ({}); allowing", ex.toString());
                return Mono.just(new Decision(true, -1));
            });
    }
}
