package dev.agora.defaults.redis;

import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Redis defaults every service gets: the connection is opened at start-up, not on an event loop,
 * and Redis commands are traced as Spring Boot traces them, except that ending a span cannot throw
 * out of a cancelled command ({@link ShieldedTracing}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration" })
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
public class RedisDefaultsAutoConfiguration {

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

    @Bean
    @ConditionalOnMissingBean(name = "agoraRedisConnectionWarmup")
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    RedisConnectionWarmup agoraRedisConnectionWarmup(ReactiveStringRedisTemplate redis) {
        return new RedisConnectionWarmup(redis);
    }
}
