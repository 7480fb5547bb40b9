package dev.agora.product.popularity;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.events.types.EventTypes;

/** order-svc's order changes, for {@code sort=popular}: units sold in orders that stand. */
@Configuration(proxyBeanMethods = false)
class PopularityHandlers {

    @Bean
    EventHandler orderSales(OrderChangedHandler orders) {
        return EventHandler.of(EventStreams.ORDERS, Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_SHIPPED,
                EventTypes.ORDER_DELIVERED, EventTypes.ORDER_CANCELLED, EventTypes.ORDER_REFUNDED,
                EventTypes.ORDER_PART_CANCELLED), orders::handle);
    }
}
