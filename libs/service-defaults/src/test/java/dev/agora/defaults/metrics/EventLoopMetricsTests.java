package dev.agora.defaults.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopMetricsTests {

    @Test
    void registersOnePendingTasksGaugePerServerLoop() {
        LoopResources loops = LoopResources.create("metrics-test", 3, true);
        try {
            var registry = new SimpleMeterRegistry();
            EventLoopMetrics.register(loops, registry);
            var gauges = registry.find("agora.eventloop.pending.tasks").gauges();
            assertThat(gauges).extracting(g -> g.getId().getTag("loop")).containsExactlyInAnyOrder("0", "1", "2");
            assertThat(gauges).allSatisfy(g -> assertThat(g.value()).isGreaterThanOrEqualTo(0));
        }
        finally {
            loops.dispose();
        }
    }
}
