package dev.agora.product.cache;

import java.time.Duration;

import dev.agora.testsupport.LateCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogCacheTests {

    @Test
    void answersFromTheDatabaseWhenCancellingALateRedisReadThrows() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CatalogCache cache = new CatalogCache(LateCalls.redisRunningLate(), JsonMapper.builder().build(),
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
