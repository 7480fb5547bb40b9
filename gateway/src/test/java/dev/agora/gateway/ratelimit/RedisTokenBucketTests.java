package dev.agora.gateway.ratelimit;

import java.time.Duration;

import dev.agora.testsupport.LateCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RedisTokenBucketTests {

    @Test
    void letsTheRequestThroughWhenCancellingALateRedisCheckThrows() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisTokenBucket bucket = new RedisTokenBucket(LateCalls.redisRunningLate(), new RateLimitProperties(1, Duration.ofMillis(50)), meters);

        StepVerifier.create(bucket.take("client", 10, 20, 1))
            .assertNext(decision -> assertThat(decision).isEqualTo(new RedisTokenBucket.Decision(true, -1)))
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        assertThat(meters.get("agora.ratelimit.bypassed").counter().count()).isEqualTo(1.0);
    }
}
