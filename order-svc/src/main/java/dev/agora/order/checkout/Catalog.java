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

    /**
     * @param purchasable active, and sold by an active, verified vendor
     * @param hasVariants sold in variants: a line names one of them; absent from a product-svc older
     *        than variants, which has none
     */
    record Product(UUID id, UUID vendorId, String name, String sku, String status, Money price, boolean purchasable,
            Boolean hasVariants) {

        boolean soldInVariants() {
            return Boolean.TRUE.equals(hasVariants);
        }
    }

    /**
     * A variant of a product, priced; {@code name} is the product's with the variant's label.
     *
     * @param purchasable its product's
     */
    record Variant(UUID id, UUID productId, UUID vendorId, String name, String sku, Money price, boolean purchasable) {
    }

    private final WebClient client;

    Catalog(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /** The product, or nothing if product-svc does not know it. */
    Mono<Product> find(UUID productId) {
        return InternalApi.find(client, "product service", Product.class, "/internal/products/{id}", productId);
    }

    /** The variant of that product, or nothing if product-svc knows no such variant of it. */
    Mono<Variant> variant(UUID productId, UUID variantId) {
        return InternalApi.find(client, "product service", Variant.class, "/internal/products/{id}/variants/{variantId}",
                productId, variantId);
    }
}
