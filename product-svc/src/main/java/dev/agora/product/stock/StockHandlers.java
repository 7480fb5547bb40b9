package dev.agora.product.stock;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.events.types.EventTypes;

/** The platform events product-svc consumes: inventory-svc's stock changes, for the {@code inStock} filter. */
@Configuration(proxyBeanMethods = false)
class StockHandlers {

    @Bean
    EventHandler stockChanges(StockChangedHandler stock) {
        return EventHandler.of(EventStreams.INVENTORY, Set.of(EventTypes.INVENTORY_STOCK_CHANGED), stock::handle);
    }
}
