package dev.agora.defaults.mongo;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agora.testsupport.Datastores;

import static org.assertj.core.api.Assertions.assertThat;

class MongoHealthAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
        .of(MongoReactiveAutoConfiguration.class, DataMongoReactiveAutoConfiguration.class, MongoHealthAutoConfiguration.class));

    @Test
    void pingsTheDatabaseTheServiceUses() {
        runner.withPropertyValues("spring.mongodb.uri=" + Datastores.mongoUri() + "/health").run(context -> {
            ReactiveHealthIndicator indicator = context.getBean("mongoHealthIndicator", ReactiveHealthIndicator.class);
            assertThat(indicator.health().block(Duration.ofSeconds(10)).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void isDownWhenNothingAnswers() {
        runner.withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:1/health?serverSelectionTimeoutMS=500").run(context -> {
            ReactiveHealthIndicator indicator = context.getBean("mongoHealthIndicator", ReactiveHealthIndicator.class);
            assertThat(indicator.health().block(Duration.ofSeconds(10)).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void theIndicatorCanBeReplaced() {
        ReactiveHealthIndicator own = () -> reactor.core.publisher.Mono.just(org.springframework.boot.health.contributor.Health.up().build());
        runner.withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:1/health")
            .withBean("mongoHealthIndicator", ReactiveHealthIndicator.class, () -> own)
            .run(context -> assertThat(context.getBean("mongoHealthIndicator")).isSameAs(own));
    }

    @Test
    void staysAwayFromServicesWithoutMongo() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MongoHealthAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean("mongoHealthIndicator"));
    }
}
