package dev.agora.defaults.events;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

import dev.agora.defaults.ClockAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class R2dbcEventDeduplicationAutoConfigurationTests {

    // Never connected to: these tests look at which beans exist (EventsIT runs them against PostgreSQL).
    private static final ConnectionFactory NOWHERE = ConnectionFactories.get("r2dbc:postgresql://nobody@127.0.0.1:1/none");

    private static final EventHandler HANDLER = TestHandlers.PAYMENTS;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ClockAutoConfiguration.class, R2dbcEventDeduplicationAutoConfiguration.class))
        .withBean(DatabaseClient.class, () -> DatabaseClient.create(NOWHERE))
        .withBean(ReactiveTransactionManager.class, () -> new R2dbcTransactionManager(NOWHERE));

    @Test
    void aConsumingServiceRecordsHandledEventsInItsOwnDatabase() {
        runner.withBean(EventHandler.class, () -> HANDLER).run(context -> {
            assertThat(context).hasSingleBean(EventDeduplicator.class);
            assertThat(context.getBean("agoraEventsMigration")).isInstanceOf(FlywayConfigurationCustomizer.class);
        });
    }

    @Test
    void aServiceThatConsumesNothingGetsNoTable() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventDeduplicator.class).doesNotHaveBean("agoraEventsMigration"));
    }

    @Test
    void bothCanBeReplaced() {
        EventDeduplicator own = (consumer, id, effect) -> effect.thenReturn(true);
        FlywayConfigurationCustomizer migration = configuration -> { };
        runner.withBean(EventHandler.class, () -> HANDLER)
            .withBean(EventDeduplicator.class, () -> own)
            .withBean("agoraEventsMigration", FlywayConfigurationCustomizer.class, () -> migration)
            .run(context -> {
                assertThat(context.getBean(EventDeduplicator.class)).isSameAs(own);
                assertThat(context.getBean("agoraEventsMigration")).isSameAs(migration);
            });
    }
}
