package dev.agora.defaults.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.propagation.Propagator;
import io.r2dbc.proxy.observation.ObservationProxyExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.ProxyConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.observability.ContextProviderFactory;
import org.springframework.data.mongodb.observability.MongoObservationCommandListener;

/**
 * What tracing needs beyond Spring Boot's (which traces HTTP in and out, R2DBC and Redis): the event
 * hop ({@link EventTracing}), MongoDB commands, and a filter that keeps traces for work someone
 * asked for, not for probes, scrapes and the relays' polling. The relays' and other background
 * looks' SQL is not even observed ({@link ParentedQueryObservations}); their Redis commands neither
 * ({@code ShieldedTracing}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
public class TracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventTracing agoraEventTracing(ObjectProvider<ObservationRegistry> registry, ObjectProvider<Propagator> propagator) {
        return new EventTracing(registry.getIfAvailable(() -> ObservationRegistry.NOOP), propagator.getIfAvailable());
    }

    /**
     * Exports spans of work someone asked for: not the probes' and scrapes' requests, and not the
     * SQL and Redis commands of the relays' and consumers' polling, which would bury the traces
     * that matter. Metrics still count the probes and scrapes. Those SQL and Redis commands are not
     * even observed since {@link ParentedQueryObservations} and {@code ShieldedTracing}; this filter
     * still drops any other datastore command that has no parent (MongoDB's, say).
     */
    @Bean
    @ConditionalOnMissingBean(name = "agoraSpanNoiseFilter")
    SpanExportingPredicate agoraSpanNoiseFilter() {
        return span -> {
            if (span.getKind() == Span.Kind.SERVER) {
                return !span.getTags().getOrDefault("uri", "").startsWith("/actuator");
            }
            return !isRoot(span) || !isDatastoreCommand(span);
        };
    }

    /** OpenTelemetry gives a root the invalid id (zeros) as parent; others give null. */
    static boolean isRoot(FinishedSpan span) {
        String parent = span.getParentId();
        return parent == null || parent.chars().allMatch(c -> c == '0');
    }

    /** A Redis or MongoDB command (their spans name {@code db.system}) or an R2DBC query. */
    static boolean isDatastoreCommand(FinishedSpan span) {
        return span.getTags().containsKey("db.system") || span.getTags().keySet().stream().anyMatch(k -> k.startsWith("r2dbc."));
    }

    /**
     * R2DBC queries observed only when a request or event caused them ({@link ParentedQueryObservations}):
     * Spring Boot's customizer adds the observation listener, and this one, applied after it, wraps it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ ObservationProxyExecutionListener.class, ProxyConnectionFactoryCustomizer.class })
    static class R2dbcTracing {

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        @ConditionalOnMissingBean(name = "agoraParentedQueryObservations")
        @ConditionalOnBean(ObservationRegistry.class)
        ProxyConnectionFactoryCustomizer agoraParentedQueryObservations(ObservationRegistry registry) {
            return builder -> builder.getProxyConfig().getListeners().getListeners().replaceAll(listener ->
                    listener instanceof ObservationProxyExecutionListener observations
                            ? new ParentedQueryObservations(observations, registry) : listener);
        }
    }

    /** MongoDB commands as spans of the request or event that sent them (Spring Data's listener). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ MongoObservationCommandListener.class, MongoClientSettingsBuilderCustomizer.class })
    static class MongoTracing {

        @Bean
        @ConditionalOnMissingBean(name = "agoraMongoTracing")
        @ConditionalOnBean(ObservationRegistry.class)
        MongoClientSettingsBuilderCustomizer agoraMongoTracing(ObservationRegistry registry) {
            return settings -> settings.contextProvider(ContextProviderFactory.create(registry))
                .addCommandListener(new MongoObservationCommandListener(registry));
        }
    }
}
