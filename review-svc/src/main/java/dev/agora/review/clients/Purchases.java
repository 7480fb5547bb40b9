package dev.agora.review.clients;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;

/** order-svc's internal API: whether a user bought a product (a confirmed, shipped or delivered order). */
@Component
public class Purchases {

    record Purchase(UUID userId, UUID productId, boolean purchased) {
    }

    private final WebClient client;

    Purchases(WebClient.Builder builder, @Value("${agora.services.order.uri}") URI orderService) {
        this.client = builder.baseUrl(orderService.toString()).build();
    }

    public Mono<Boolean> bought(UUID userId, UUID productId) {
        return InternalApi.find(client, "order service", Purchase.class,
                "/internal/orders/purchases?userId={u}&productId={p}", userId, productId)
            .map(Purchase::purchased)
            .defaultIfEmpty(false);
    }
}
