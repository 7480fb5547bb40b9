package dev.agora.defaults.metrics;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopMetricsAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventLoopMetricsAutoConfiguration.class));

    @Test
    void eventLoopGaugesAreOnUnlessTurnedOff() {
        runner.run(context -> assertThat(context).hasSingleBean(EventLoopMetrics.class));
        runner.withPropertyValues("agora.metrics.event-loop=false")
            .run(context -> assertThat(context).doesNotHaveBean(EventLoopMetrics.class));
    }

    @Test
    void theGaugesCanBeReplaced() {
        Object own = new Object();
        runner.withBean("agoraEventLoopMetrics", Object.class, () -> own).run(context -> {
            assertThat(context.getBean("agoraEventLoopMetrics")).isSameAs(own);
            assertThat(context).doesNotHaveBean(EventLoopMetrics.class);
        });
    }
}
