package dev.agora.review.clients;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** product-svc's internal API: whether a product exists and can be reviewed. */
@Component
public class Catalog {

    record Product(UUID id, String status) {
    }

    private final WebClient client;

    Catalog(ServiceClients clients) {
        this.client = clients.of("product");
    }

    record Variant(UUID id, UUID productId, String label) {
    }

    /** The label (its options, such as {@code M / red}) of that variant of the product; nothing if it has no such variant. */
    public Mono<String> variantLabel(UUID productId, UUID variantId) {
        return InternalApi.find(client, "product service", Variant.class, "/internal/products/{id}/variants/{variantId}",
                productId, variantId).map(Variant::label);
    }

    /** Whether the product exists and is active; errors when product-svc cannot be asked. */
    public Mono<Boolean> isActive(UUID productId) {
        return InternalApi.find(client, "product service", Product.class, "/internal/products/{id}", productId)
            .map(p -> "active".equals(p.status()))
            .defaultIfEmpty(false);
    }
}
