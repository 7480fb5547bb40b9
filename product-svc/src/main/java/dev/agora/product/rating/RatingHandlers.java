package dev.agora.product.rating;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.events.types.EventTypes;

/** review-svc's review changes, for the rating summary in product listings and {@code sort=rating}. */
@Configuration(proxyBeanMethods = false)
class RatingHandlers {

    @Bean
    EventHandler reviewChanges(ReviewChangedHandler reviews) {
        return EventHandler.of(EventStreams.REVIEWS,
                Set.of(EventTypes.REVIEW_CREATED, EventTypes.REVIEW_UPDATED, EventTypes.REVIEW_DELETED), reviews::handle);
    }
}
