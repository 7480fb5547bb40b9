package dev.agora.defaults.events;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agora.defaults.ClockAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service gets a consumer by declaring a handler, and only then.
 */
class EventsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
                DataRedisReactiveAutoConfiguration.class, MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class, ClockAutoConfiguration.class,
                R2dbcEventDeduplicationAutoConfiguration.class, EventsAutoConfiguration.class))
        .withPropertyValues("spring.application.name=orders");

    private static final EventHandler HANDLER = TestHandlers.PAYMENTS;

    private static final EventDeduplicator OWN_DEDUP = (consumer, id, effect) -> effect.thenReturn(true);

    @Test
    void noConsumerWithoutHandlers() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventConsumer.class));
    }

    @Test
    void aHandlerGetsAConsumerInTheApplicationsGroupWithItsDeadLetterStream() {
        runner.withBean(EventHandler.class, () -> HANDLER)
            .withBean(EventDeduplicator.class, () -> OWN_DEDUP)
            .run(context -> {
                assertThat(context).hasSingleBean(EventConsumer.class);
                assertThat(context.getBean(EventConsumer.class).deadLetterStream()).isEqualTo("agora:dlq:orders");
                // Without R2DBC the service's own de-duplicator is used and no migration is added.
                assertThat(context.getBean(EventDeduplicator.class)).isSameAs(OWN_DEDUP);
            });
    }

    @Test
    void theConsumerCanBeReplaced() {
        Object own = new Object();
        runner.withBean(EventHandler.class, () -> HANDLER)
            .withBean(EventDeduplicator.class, () -> OWN_DEDUP)
            .withBean("agoraEventConsumer", Object.class, () -> own)
            .run(context -> {
                assertThat(context.getBean("agoraEventConsumer")).isSameAs(own);
                assertThat(context).doesNotHaveBean(EventConsumer.class);
            });
    }

    @Test
    void aHandlerWithoutAnyDeduplicatorFailsStartupRatherThanHandlingTwice() {
        runner.withBean(EventHandler.class, () -> HANDLER).run(context -> assertThat(context).hasFailed());
    }
}
