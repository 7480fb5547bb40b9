package dev.agora.defaults.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Redis defaults every service gets: the connection is opened at start-up, not on an event loop,
 * Lettuce's timer ticks coarsely, and Redis commands are traced as Spring Boot traces them, except
 * that ending a span cannot throw out of a cancelled command ({@link ShieldedTracing}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration" })
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
public class RedisDefaultsAutoConfiguration {

    static final Duration TIMER_TICK = Duration.ofMillis(500);

    /**
     * Replaces the tracing Spring Boot's {@code LettuceObservationAutoConfiguration} sets with the same
     * Micrometer tracing, shielded. It runs after Boot's customizer (customizers of equal order keep
     * the order of their auto-configurations), as RedisDefaultsAutoConfigurationTests checks.
     */
    @Bean
    @ConditionalOnMissingBean(name = "agoraRedisTracing")
    @ConditionalOnClass(name = "io.lettuce.core.tracing.MicrometerTracing")
    @ConditionalOnBean(ObservationRegistry.class)
    ClientResourcesBuilderCustomizer agoraRedisTracing(ObservationRegistry registry) {
        return builder -> builder.tracing(new ShieldedTracing(new MicrometerTracing(registry, "Redis")));
    }

    /**
     * Lettuce's timer, ticking twice a second instead of Netty's ten times: it times out commands
     * (after 2 s here) and paces reconnects, where half a second either way does not matter, and
     * its ticks cost an idle service about 0.8 ms of CPU a second (docs/benchmarks.md, "Idle: what
     * still burns"). Lettuce does not stop a timer it was given, so the context does.
     */
    @Bean(destroyMethod = "stop")
    @ConditionalOnMissingBean(name = "agoraRedisTimer")
    Timer agoraRedisTimer() {
        return new HashedWheelTimer(new DefaultThreadFactory("lettuce-timer", true), TIMER_TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraRedisTimerCustomizer")
    ClientResourcesBuilderCustomizer agoraRedisTimerCustomizer(@Qualifier("agoraRedisTimer") Timer timer) {
        return builder -> builder.timer(timer);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraRedisConnectionWarmup")
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    RedisConnectionWarmup agoraRedisConnectionWarmup(ReactiveStringRedisTemplate redis) {
        return new RedisConnectionWarmup(redis);
    }
}
