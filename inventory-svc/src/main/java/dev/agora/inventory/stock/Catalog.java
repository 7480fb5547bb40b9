package dev.agora.inventory.stock;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/**
 * product-svc's internal API (service token added by the shared WebClient customizer): who sells
 * what stock is kept of, so that a vendor manages only its own stock.
 */
@Component
class Catalog {

    /**
     * A product sold as itself, or a variant of one: stock is kept under its id.
     *
     * @param productId the product, itself or the variant's
     * @param hasVariants a product sold as its variants, which holds no stock of its own
     */
    record StockItem(UUID id, UUID productId, UUID vendorId, String status, boolean hasVariants) {
    }

    private final WebClient client;

    Catalog(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /** The product or variant with this id, or nothing if product-svc knows neither. */
    Mono<StockItem> find(UUID id) {
        return InternalApi.find(client, "product service", StockItem.class, "/internal/stock-items/{id}", id);
    }
}
