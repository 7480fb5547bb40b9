package dev.agora.product.cache;

import java.time.Duration;
import java.util.List;

import dev.agora.testsupport.LateCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogCacheTests {

    /**
     * Redis that does not answer in time, and whose command throws when cancelled: what Lettuce's
     * tracing does when a command is cancelled before its span started.
     */
    static final class LateRedis extends ReactiveStringRedisTemplate {

        LateRedis() {
            super(new LettuceConnectionFactory());
        }

        @Override
        public <T> Flux<T> execute(RedisScript<T> script, List<String> keys, List<?> args) {
            return LateCalls.throwingWhenCancelled();
        }
    }

    @Test
    void answersFromTheDatabaseWhenCancellingALateRedisReadThrows() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CatalogCache cache = new CatalogCache(new LateRedis(), JsonMapper.builder().build(),
                new CacheProperties(true, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMillis(50),
                        Duration.ofSeconds(1)),
                meters);

        StepVerifier.create(cache.item("product", "id:1", String.class, Mono.just("from PostgreSQL")))
            .expectNext("from PostgreSQL")
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        assertThat(meters.get("agora.cache.requests").tag("result", "bypass").counter().count()).isEqualTo(1.0);
    }
}
