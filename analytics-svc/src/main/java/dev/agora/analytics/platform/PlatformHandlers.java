package dev.agora.analytics.platform;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.events.types.EventTypes;

/** The platform events analytics-svc keeps, per producer stream. */
@Configuration(proxyBeanMethods = false)
class PlatformHandlers {

    @Bean
    EventHandler userEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.USERS, Set.of(EventTypes.USER_REGISTERED), events::store);
    }

    @Bean
    EventHandler orderEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.ORDERS, Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_CANCELLED), events::store);
    }

    @Bean
    EventHandler paymentEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.PAYMENTS, Set.of(EventTypes.PAYMENT_REFUNDED), events::store);
    }

    @Bean
    EventHandler reviewEvents(PlatformEvents events) {
        return EventHandler.of(EventStreams.REVIEWS, Set.of(EventTypes.REVIEW_CREATED), events::store);
    }
}
