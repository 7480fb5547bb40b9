package dev.agora.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import dev.agora.testsupport.LateCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RedisTokenBucketTests {

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
    void letsTheRequestThroughWhenCancellingALateRedisCheckThrows() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisTokenBucket bucket = new RedisTokenBucket(new LateRedis(), new RateLimitProperties(1, Duration.ofMillis(50)), meters);

        StepVerifier.create(bucket.take("client", 10, 20, 1))
            .assertNext(decision -> assertThat(decision).isEqualTo(new RedisTokenBucket.Decision(true, -1)))
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        assertThat(meters.get("agora.ratelimit.bypassed").counter().count()).isEqualTo(1.0);
    }
}
