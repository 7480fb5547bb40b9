package dev.agora.notification.events;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** What product-svc calls the things inventory-svc keeps stock of (scope {@code catalog:read}). */
@Component
class StockItems {

    /**
     * @param productId the product itself, or the variant's
     * @param name as a shopper sees it, a variant's with its label
     */
    record StockItem(UUID id, UUID productId, String name) {
    }

    private final WebClient client;

    StockItems(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /** The item; empty if product-svc no longer has it. Other failures are errors. */
    Mono<StockItem> find(UUID id) {
        return InternalApi.find(client, "product service", StockItem.class, "/internal/stock-items/{id}", id);
    }
}
