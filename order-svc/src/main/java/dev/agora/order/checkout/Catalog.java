package dev.agora.order.checkout;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.money.Money;

/** product-svc's internal API: the price, name and seller of a product right now. */
@Component
class Catalog {

    /** @param purchasable active, and sold by an active, verified vendor */
    record Product(UUID id, UUID vendorId, String name, String sku, String status, Money price, boolean purchasable) {
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
