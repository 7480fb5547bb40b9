package dev.agora.defaults.events;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.ClockAutoConfiguration;
import dev.agora.defaults.tracing.EventTracing;
import dev.agora.defaults.tracing.TracingAutoConfiguration;

/**
 * The event consumer, for a service that declares at least one {@link EventHandler} bean. It needs
 * an {@link EventDeduplicator}: {@link R2dbcEventDeduplicationAutoConfiguration} provides one for
 * services on PostgreSQL.
 */
@AutoConfiguration(after = { ClockAutoConfiguration.class, R2dbcEventDeduplicationAutoConfiguration.class,
        TracingAutoConfiguration.class },
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
@ConditionalOnBean(EventHandler.class)
@EnableConfigurationProperties(EventsProperties.class)
public class EventsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "agoraEventConsumer")
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    EventConsumer agoraEventConsumer(ReactiveStringRedisTemplate redis, EventDeduplicator dedup, JsonMapper json,
            EventsProperties properties, @Value("${spring.application.name:agora}") String application,
            ListableBeanFactory beans, Clock clock, MeterRegistry meters, ObjectProvider<EventTracing> tracing,
            ObjectProvider<ClientResources> lettuce) {
        String group = properties.group() != null ? properties.group() : application;
        String consumer = properties.consumer() != null ? properties.consumer() : defaultConsumerName();
        // Lettuce reconnects on its own, and resubscribes the channel silently: its event says when.
        ClientResources resources = lettuce.getIfAvailable();
        Flux<?> reconnected = resources == null ? Flux.empty()
                : resources.eventBus().get().filter(ConnectionActivatedEvent.class::isInstance);
        return new EventConsumer(redis, dedup, json, properties, group, consumer, handlersByName(beans), clock,
                new EventMetrics(meters), tracing.getIfAvailable(() -> EventTracing.NONE), reconnected);
    }

    /**
     * The handlers by bean name, in their declared order: the name keys what each has handled, so it
     * must stay the same across releases.
     */
    private static Map<String, EventHandler> handlersByName(ListableBeanFactory beans) {
        Map<String, EventHandler> handlers = new LinkedHashMap<>();
        beans.getBeansOfType(EventHandler.class).entrySet().stream()
            .sorted(Map.Entry.comparingByValue(AnnotationAwareOrderComparator.INSTANCE))
            .forEach(named -> handlers.put(named.getKey(), named.getValue()));
        return handlers;
    }

    private static String defaultConsumerName() {
        String host = System.getenv("HOSTNAME");
        // The suffix keeps two processes on one host (make run, tests) apart.
        return (host != null && !host.isBlank() ? host : "local") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
