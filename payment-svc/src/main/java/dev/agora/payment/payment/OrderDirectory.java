package dev.agora.payment.payment;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.money.Money;

/**
 * order-svc's internal API: whose an order is, so that a customer who tries to pay an order learns
 * that its checkout takes the payment (their own order) or that it does not exist (anyone else's).
 */
@Component
class OrderDirectory {

    /** What payment-svc needs to know of an order. */
    record OrderSummary(UUID id, UUID userId, String status, Money total) {
    }

    private final WebClient client;

    OrderDirectory(ServiceClients clients) {
        this.client = clients.of("order");
    }

    /** The order, or nothing if order-svc does not know it. */
    Mono<OrderSummary> find(UUID orderId) {
        return InternalApi.find(client, "order service", OrderSummary.class, "/internal/orders/{id}", orderId);
    }
}
