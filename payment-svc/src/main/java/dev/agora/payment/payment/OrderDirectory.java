package dev.agora.payment.payment;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.web.AgoraException;

/**
 * order-svc's internal API: whose an order is and what it costs, so that a customer can pay only
 * their own order, and only its total.
 */
@Component
class OrderDirectory {

    /** What payment-svc needs to know of an order. */
    record OrderSummary(UUID id, UUID userId, String status, Money total) {
    }

    private final WebClient client;

    OrderDirectory(WebClient.Builder builder, @Value("${agora.services.order.uri}") URI orderService) {
        this.client = builder.baseUrl(orderService.toString()).build();
    }

    /** The order, or nothing if order-svc does not know it. */
    Mono<OrderSummary> find(UUID orderId) {
        return client.get().uri("/internal/orders/{id}", orderId)
            .exchangeToMono(response -> {
                if (response.statusCode().value() == 404) {
                    return response.releaseBody().then(Mono.empty());
                }
                if (response.statusCode().isError()) {
                    return response.releaseBody().then(Mono.error(unavailable()));
                }
                return response.bodyToMono(OrderSummary.class);
            })
            .onErrorMap(ex -> !(ex instanceof AgoraException), ex -> unavailable());
    }

    private static AgoraException unavailable() {
        return new AgoraException(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                "The order service could not be asked about this order; retry later.");
    }
}
