package dev.agora.review.clients;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** order-svc's internal API: whether a user bought a product, or a variant of it (a confirmed, shipped or delivered order). */
@Component
public class Purchases {

    record Purchase(UUID userId, UUID productId, boolean purchased) {
    }

    private final WebClient client;

    Purchases(ServiceClients clients) {
        this.client = clients.of("order");
    }

    /** @param variantId the variant reviewed, or null for the product in any variant */
    public Mono<Boolean> bought(UUID userId, UUID productId, UUID variantId) {
        Mono<Purchase> purchase = variantId == null
                ? InternalApi.find(client, "order service", Purchase.class, "/internal/orders/purchases?userId={u}&productId={p}",
                        userId, productId)
                : InternalApi.find(client, "order service", Purchase.class,
                        "/internal/orders/purchases?userId={u}&productId={p}&variantId={v}", userId, productId, variantId);
        return purchase
            .map(Purchase::purchased)
            .defaultIfEmpty(false);
    }
}
