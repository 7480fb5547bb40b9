package dev.agora.analytics.platform;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;

/** The platform events analytics-svc keeps, per producer stream. */
@Configuration(proxyBeanMethods = false)
class PlatformHandlers {

    @Bean
    EventHandler userEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.USERS, Set.of("user.registered"), events::store);
    }

    @Bean
    EventHandler orderEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.ORDERS, Set.of("order.confirmed", "order.cancelled"), events::store);
    }

    @Bean
    EventHandler paymentEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.PAYMENTS, Set.of("payment.refunded"), events::store);
    }

    @Bean
    EventHandler reviewEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.REVIEWS, Set.of("review.created"), events::store);
    }
}
