package dev.agora.defaults.mongo;

import org.bson.Document;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;

/**
 * Readiness of services on MongoDB, by {@code ping}. Spring Boot's own indicator sends
 * {@code hello}, which the in-process stand-in used without Docker (mongo-java-server) does not
 * know, so a healthy service would never become ready there; {@code ping} means the same to a real
 * MongoDB. Boot's indicator is switched off ({@code management.health.mongodb.enabled=false}) by
 * the defaults, and this one takes its name, {@code mongo}, in the readiness group.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration")
@ConditionalOnClass({ ReactiveMongoTemplate.class, AbstractReactiveHealthIndicator.class })
public class MongoHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mongoHealthIndicator")
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    AbstractReactiveHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo) {
        return new AbstractReactiveHealthIndicator("MongoDB health check failed") {
            @Override
            protected Mono<Health> doHealthCheck(Health.Builder builder) {
                return mongo.executeCommand(new Document("ping", 1)).map(answer -> builder.up().build());
            }
        };
    }
}
