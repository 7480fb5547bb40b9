package dev.agora.defaults.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * Registers a gauge per event loop once the application has started: the loop resources exist
 * only after the resource factory's lifecycle start, and reading a queue's size costs nothing per
 * request.
 */
final class EventLoopMetrics implements ApplicationListener<ApplicationStartedEvent> {

    private final ObjectProvider<ReactorResourceFactory> resources;

    private final ObjectProvider<MeterRegistry> meters;

    EventLoopMetrics(ObjectProvider<ReactorResourceFactory> resources, ObjectProvider<MeterRegistry> meters) {
        this.resources = resources;
        this.meters = meters;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        ReactorResourceFactory factory = resources.getIfAvailable();
        MeterRegistry registry = meters.getIfAvailable();
        if (factory != null && registry != null && factory.isRunning()) {
            register(factory.getLoopResources(), registry);
        }
    }

    /** The loops the server runs on: the same native or NIO group Reactor Netty's HttpServer picks. */
    static void register(LoopResources loops, MeterRegistry registry) {
        int index = 0;
        for (EventExecutor executor : loops.onServer(true)) {
            if (executor instanceof SingleThreadEventExecutor loop) {
                Gauge.builder("agora.eventloop.pending.tasks", loop, SingleThreadEventExecutor::pendingTasks)
                    .tag("loop", String.valueOf(index++))
                    .description("Tasks waiting for the event loop; a growing number means it cannot keep up")
                    .register(registry);
            }
        }
    }
}
