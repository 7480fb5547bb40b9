package dev.agora.analytics.platform;

import java.time.Clock;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** The platform events analytics-svc keeps, per producer stream. */
@Configuration(proxyBeanMethods = false)
class PlatformHandlers {

    @Bean
    PlatformEvents userEvents(ReactiveMongoTemplate mongo, Clock clock) {
        return new PlatformEvents("agora:events:users", Set.of("user.registered"), mongo, clock);
    }

    @Bean
    PlatformEvents orderEvents(ReactiveMongoTemplate mongo, Clock clock) {
        return new PlatformEvents("agora:events:orders", Set.of("order.confirmed", "order.cancelled"), mongo, clock);
    }

    @Bean
    PlatformEvents paymentEvents(ReactiveMongoTemplate mongo, Clock clock) {
        return new PlatformEvents("agora:events:payments", Set.of("payment.refunded"), mongo, clock);
    }

    @Bean
    PlatformEvents reviewEvents(ReactiveMongoTemplate mongo, Clock clock) {
        return new PlatformEvents("agora:events:reviews", Set.of("review.created"), mongo, clock);
    }
}
