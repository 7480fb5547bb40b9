package dev.agora.defaults.outbox;

import java.time.Clock;
import java.time.Duration;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.ClockAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxAutoConfigurationTests {

    // Never connected to: these tests look at which beans exist, not at what they do (OutboxIT does).
    private static final ConnectionFactory NOWHERE = ConnectionFactories.get("r2dbc:postgresql://nobody@127.0.0.1:1/none");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, ClockAutoConfiguration.class, OutboxAutoConfiguration.class))
        .withBean(DatabaseClient.class, () -> DatabaseClient.create(NOWHERE))
        .withBean(ReactiveTransactionManager.class, () -> new R2dbcTransactionManager(NOWHERE))
        .withBean(ReactiveStringRedisTemplate.class, () -> new ReactiveStringRedisTemplate(new LettuceConnectionFactory()))
        .withPropertyValues("agora.outbox.poll-interval=1h");

    @Test
    void aServiceThatNamesItsStreamGetsAWriterARelayAndTheOutboxTable() {
        runner.withPropertyValues("agora.outbox.stream=agora:events:orders").run(context -> {
            assertThat(context).hasSingleBean(OutboxWriter.class).hasSingleBean(OutboxRelay.class)
                .hasBean("agoraOutboxMigration");
            assertThat(context.getBean("agoraOutboxMigration")).isInstanceOf(FlywayConfigurationCustomizer.class);
        });
    }

    @Test
    void noOutboxUnlessAStreamIsConfigured() {
        runner.run(context -> assertThat(context).doesNotHaveBean(OutboxWriter.class).doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void everyPartCanBeReplaced() {
        OutboxWriter writer = new OutboxWriter(DatabaseClient.create(NOWHERE), JsonMapper.builder().build(),
                new OutboxProperties("agora:events:own", null, Duration.ofHours(1), 1, Duration.ofDays(1), 10), "own",
                Clock.systemUTC(), dev.agora.defaults.tracing.EventTracing.NONE);
        Object relay = new Object();
        FlywayConfigurationCustomizer migration = configuration -> { };
        runner.withPropertyValues("agora.outbox.stream=agora:events:orders")
            .withBean(OutboxWriter.class, () -> writer)
            .withBean("agoraOutboxRelay", Object.class, () -> relay)
            .withBean("agoraOutboxMigration", FlywayConfigurationCustomizer.class, () -> migration)
            .run(context -> {
                assertThat(context.getBean(OutboxWriter.class)).isSameAs(writer);
                assertThat(context.getBean("agoraOutboxRelay")).isSameAs(relay);
                assertThat(context.getBean("agoraOutboxMigration")).isSameAs(migration);
                assertThat(context).doesNotHaveBean(OutboxRelay.class);
            });
    }
}
