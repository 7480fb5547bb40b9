package dev.agora.defaults.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

import dev.agora.defaults.ClockAutoConfiguration;
import dev.agora.defaults.r2dbc.CompletingTransactionalOperator;

/**
 * Handled event ids in the service's PostgreSQL database, for a service with event handlers and
 * R2DBC; the table comes with a Flyway migration added to the service's own.
 */
@AutoConfiguration(after = ClockAutoConfiguration.class,
        afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
                "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
                "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration" })
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnBean(EventHandler.class)
public class R2dbcEventDeduplicationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(EventDeduplicator.class)
    @ConditionalOnBean({ DatabaseClient.class, ReactiveTransactionManager.class })
    EventDeduplicator agoraEventDeduplicator(DatabaseClient db, ReactiveTransactionManager transactions, Clock clock) {
        return new R2dbcEventDeduplicator(db, CompletingTransactionalOperator.create(transactions), clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConfigurationCustomizer.class)
    static class EventsMigration {

        @Bean
        @ConditionalOnMissingBean(name = "agoraEventsMigration")
        FlywayConfigurationCustomizer agoraEventsMigration() {
            return configuration -> {
                List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
                locations.add(new Location("classpath:db/agora-events"));
                configuration.locations(locations.toArray(Location[]::new));
            };
        }
    }
}
