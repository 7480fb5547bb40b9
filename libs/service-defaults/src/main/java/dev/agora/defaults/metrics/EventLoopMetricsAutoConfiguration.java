package dev.agora.defaults.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Pending tasks of every Reactor Netty event loop, as {@code agora.eventloop.pending.tasks{loop}}:
 * the event-loop panel of the service dashboard. Reactor Netty's own server metrics would give it
 * too, but they time every request a second time next to {@code http.server.requests}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ReactorResourceFactory.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "agora.metrics.event-loop", matchIfMissing = true)
public class EventLoopMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "agoraEventLoopMetrics")
    EventLoopMetrics agoraEventLoopMetrics(ObjectProvider<ReactorResourceFactory> resources,
            ObjectProvider<MeterRegistry> meters) {
        return new EventLoopMetrics(resources, meters);
    }
}
