package dev.agora.defaults.redis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Redis defaults every service gets: the connection is opened at start-up, not on an event loop.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
public class RedisDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "agoraRedisConnectionWarmup")
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    RedisConnectionWarmup agoraRedisConnectionWarmup(ReactiveStringRedisTemplate redis) {
        return new RedisConnectionWarmup(redis);
    }
}
