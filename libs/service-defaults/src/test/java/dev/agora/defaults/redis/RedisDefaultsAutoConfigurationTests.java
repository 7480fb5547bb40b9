package dev.agora.defaults.redis;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agora.testsupport.Datastores;

import static org.assertj.core.api.Assertions.assertThat;

class RedisDefaultsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class,
                RedisDefaultsAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.url=" + Datastores.redis().url());

    @Test
    void aServiceWithRedisConnectsAtStartUpInsteadOfOnItsFirstRequest() {
        runner.run(context -> assertThat(context).hasSingleBean(RedisConnectionWarmup.class));
    }

    @Test
    void aServiceWithoutRedisGetsNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RedisDefaultsAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean("agoraRedisConnectionWarmup"));
    }

    @Test
    void theWarmupCanBeReplaced() {
        SmartInitializingSingleton own = () -> { };
        runner.withBean("agoraRedisConnectionWarmup", SmartInitializingSingleton.class, () -> own)
            .run(context -> {
                assertThat(context.getBean("agoraRedisConnectionWarmup")).isSameAs(own);
                assertThat(context).doesNotHaveBean(RedisConnectionWarmup.class);
            });
    }
}
