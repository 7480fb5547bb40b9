package dev.agora.inventory.stock;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/**
 * product-svc's internal API (service token added by the shared WebClient customizer): who sells a
 * product, so that a vendor manages only its own stock.
 */
@Component
class Catalog {

    record Product(UUID id, UUID vendorId, String status) {
    }

    private final WebClient client;

    Catalog(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /** The product, or nothing if product-svc does not know it. */
    Mono<Product> find(UUID productId) {
        return InternalApi.find(client, "product service", Product.class, "/internal/products/{id}", productId);
    }
}
