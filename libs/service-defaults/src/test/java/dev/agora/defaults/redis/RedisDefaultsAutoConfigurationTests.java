package dev.agora.defaults.redis;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.lettuce.core.tracing.Tracing;
import io.netty.util.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agora.testsupport.Datastores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
    void redisCommandsAreTracedAsBootTracesThemWithSpansThatCannotThrowOnCancel() {
        runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, LettuceObservationAutoConfiguration.class))
            .run(context -> {
                Tracing tracing = context.getBean(ClientResources.class).tracing();
                assertThat(tracing).isInstanceOf(ShieldedTracing.class);
                assertThat(((ShieldedTracing) tracing).delegate()).isInstanceOf(MicrometerTracing.class);
            });
    }

    @Test
    void lettuceTimesOutWithTheCoarseTimerAndTheContextStopsItOnClose() {
        Timer[] timer = new Timer[1];
        runner.run(context -> {
            timer[0] = context.getBean("agoraRedisTimer", Timer.class);
            assertThat(context.getBean(ClientResources.class).timer()).isSameAs(timer[0]);
            timer[0].newTimeout(timeout -> { }, 1, TimeUnit.MINUTES).cancel();
        });
        assertThatIllegalStateException().isThrownBy(() -> timer[0].newTimeout(timeout -> { }, 1, TimeUnit.MINUTES));
    }

    @Test
    void withoutObservationsRedisIsNotTraced() {
        runner.run(context -> assertThat(context).doesNotHaveBean("agoraRedisTracing"));
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
