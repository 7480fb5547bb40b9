package dev.agora.order.saga;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.client.ServiceTokenClient;
import dev.agora.defaults.money.Money;
import dev.agora.order.order.Order;

/**
 * payment-svc, called with this service's token on the customer's behalf. Every call carries an
 * idempotency key derived from the order, so a step retried after a crash or a timeout never
 * charges or refunds twice.
 */
@Component
class PaymentClient {

    private final WebClient client;

    PaymentClient(ServiceClients clients) {
        this.client = clients.of("payment");
    }

    Mono<Call> charge(Order order) {
        return Call.of(client.post().uri("/api/v1/payments")
            .attribute(ServiceTokenClient.AS_SERVICE, true)
            .header("Idempotency-Key", "order-" + order.id() + "-charge")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("orderId", order.id(), "userId", order.userId(), "amount", order.totalMoney(),
                    "paymentMethod", order.paymentMethod(), "orderReference", order.reference())));
    }

    /** The payments of the order, to adopt one taken outside the saga. */
    Mono<Call> ofOrder(UUID orderId) {
        return Call.of(client.get().uri("/api/v1/payments/order/{id}", orderId).attribute(ServiceTokenClient.AS_SERVICE, true));
    }

    /** Refunds what is left of the payment; the key is per payment, as an order may have several. */
    Mono<Call> refundAll(UUID paymentId, UUID orderId, String reason) {
        return Call.of(client.post().uri("/api/v1/payments/{id}/refunds", paymentId)
            .attribute(ServiceTokenClient.AS_SERVICE, true)
            .header("Idempotency-Key", "order-" + orderId + "-refund-" + paymentId)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("reason", reason == null ? "order compensation" : reason)));
    }

    /**
     * Refunds {@code amount} of the payment, or what is left of it when null, under the caller's
     * idempotency key (one per cancelled part).
     */
    Mono<Call> refund(UUID paymentId, String key, Money amount, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("reason", reason);
        if (amount != null) {
            body.put("amount", amount);
        }
        return Call.of(client.post().uri("/api/v1/payments/{id}/refunds", paymentId)
            .attribute(ServiceTokenClient.AS_SERVICE, true)
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body));
    }
}
