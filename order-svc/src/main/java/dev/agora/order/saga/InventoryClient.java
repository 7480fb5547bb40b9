package dev.agora.order.saga;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.ServiceClients;
import dev.agora.order.order.Order;

/** inventory-svc's reservations (service token added by the shared WebClient customizer). */
@Component
class InventoryClient {

    private final WebClient client;

    InventoryClient(ServiceClients clients) {
        this.client = clients.of("inventory");
    }

    /**
     * Holds every line of the order or none, from locations in the shipping country first; the same
     * order again is a replay.
     */
    Mono<Call> reserve(Order order) {
        Map<String, Object> body = new HashMap<>();
        body.put("orderId", order.id());
        // inventory-svc keeps a variant's stock under the variant's id.
        body.put("items", order.items().stream().map(i -> Map.of("productId", i.stockId(), "quantity", i.quantity())).toList());
        if (order.shippingAddress() != null && order.shippingAddress().country() != null) {
            body.put("shipToCountry", order.shippingAddress().country());
        }
        return Call.of(client.post().uri("/internal/reservations").contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    Mono<Call> commit(UUID orderId) {
        return Call.of(client.post().uri("/internal/reservations/{id}/commit", orderId));
    }

    Mono<Call> release(UUID orderId, String reason) {
        return Call.of(client.post().uri("/internal/reservations/{id}/release", orderId)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("reason", reason == null ? "order compensation" : truncate(reason))));
    }

    /** Gives back the stock of these lines only (a cancelled part), by their stock ids; idempotent per line. */
    Mono<Call> releaseLines(UUID orderId, List<UUID> productIds, String reason) {
        return Call.of(client.post().uri("/internal/reservations/{id}/release", orderId)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("reason", truncate(reason), "productIds", productIds)));
    }

    private static String truncate(String reason) {
        return reason.length() > 200 ? reason.substring(0, 200) : reason;
    }
}
