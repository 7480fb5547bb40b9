package dev.agora.defaults.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.ClockAutoConfiguration;
import dev.agora.defaults.r2dbc.CompletingTransactionalOperator;
import dev.agora.defaults.r2dbc.PgNotifications;
import dev.agora.defaults.tracing.EventTracing;
import dev.agora.defaults.tracing.TracingAutoConfiguration;

/**
 * The transactional outbox and its relay, for a service that sets {@code agora.outbox.stream} and
 * has R2DBC. Its table comes with a Flyway migration added to the service's own.
 */
@AutoConfiguration(after = { ClockAutoConfiguration.class, TracingAutoConfiguration.class },
        afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
                "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
                "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnProperty("agora.outbox.stream")
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    /** The channel the outbox's trigger notifies on commit (db/agora-outbox). */
    static final String CHANNEL = "agora_outbox";
    private static final String POSTGRES = "io.r2dbc.postgresql.PostgresqlConnectionFactory";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DatabaseClient.class)
    OutboxWriter agoraOutboxWriter(DatabaseClient db, JsonMapper json, OutboxProperties properties,
            @Value("${spring.application.name:agora}") String application, Clock clock,
            ObjectProvider<EventTracing> tracing) {
        String source = properties.source() != null ? properties.source() : application;
        return new OutboxWriter(db, json, properties, source, clock, tracing.getIfAvailable(() -> EventTracing.NONE));
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraOutboxRelay")
    @ConditionalOnBean({ DatabaseClient.class, ReactiveTransactionManager.class })
    OutboxRelay agoraOutboxRelay(DatabaseClient db, ReactiveTransactionManager transactions,
            ReactiveStringRedisTemplate redis, OutboxProperties properties, Clock clock, MeterRegistry meters,
            ObjectProvider<EventTracing> tracing, ObjectProvider<ConnectionFactory> connections) {
        ConnectionFactory factory = connections.getIfUnique();
        Flux<?> committed = factory != null && ClassUtils.isPresent(POSTGRES, getClass().getClassLoader())
                ? PgNotifications.listen(factory, CHANNEL) : Flux.never();
        return new OutboxRelay(db, CompletingTransactionalOperator.create(transactions), redis, properties, clock, meters,
                tracing.getIfAvailable(() -> EventTracing.NONE), committed);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConfigurationCustomizer.class)
    static class OutboxMigration {

        @Bean
        @ConditionalOnMissingBean(name = "agoraOutboxMigration")
        FlywayConfigurationCustomizer agoraOutboxMigration() {
            return configuration -> {
                List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
                locations.add(new Location("classpath:db/agora-outbox"));
                configuration.locations(locations.toArray(Location[]::new));
            };
        }
    }
}
