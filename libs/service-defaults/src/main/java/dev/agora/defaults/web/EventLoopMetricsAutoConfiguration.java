package dev.agora.defaults.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Reactor Netty's own server metrics, for the event-loop panels of the service dashboard
 * ({@code reactor_netty_eventloop_pending_tasks} and the buffer allocator). Every URI is recorded
 * under one tag value: the per-route view is {@code http_server_requests}, and raw paths would
 * make a series per id.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(NettyServerCustomizer.class)
@ConditionalOnBooleanProperty(name = "agora.metrics.event-loop", matchIfMissing = true)
public class EventLoopMetricsAutoConfiguration {

    @Bean
    NettyServerCustomizer agoraEventLoopMetrics() {
        return server -> server.metrics(true, uri -> "all");
    }
}
