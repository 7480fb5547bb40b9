package dev.agora.analytics.platform;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;

/** The platform events analytics-svc keeps, per producer stream. */
@Configuration(proxyBeanMethods = false)
class PlatformHandlers {

    @Bean
    EventHandler userEvents(PlatformEvents events) {
        return EventHandler.of("agora:events:users", Set.of("user.registered"), events::store);
    }

    @Bean
    EventHandler orderEvents(PlatformEvents events) {
        return EventHandler.of("agora:events:orders", Set.of("order.confirmed", "order.cancelled"), events::store);
    }

    @Bean
    EventHandler paymentEvents(PlatformEvents events) {
        return EventHandler.of("agora:events:payments", Set.of("payment.refunded"), events::store);
    }

    @Bean
    EventHandler reviewEvents(PlatformEvents events) {
        return EventHandler.of("agora:events:reviews", Set.of("review.created"), events::store);
    }
}
