package dev.agora.order.checkout;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.defaults.web.Problems;

/**
 * payment-svc's word on a payment method token, asked before an order is written: a token the
 * provider does not know is the client's mistake, answered 400 with nothing written, rather than an
 * order that fails its payment.
 */
@Component
class PaymentMethods {

    record Method(String token, String brand, String last4) {
    }

    private final WebClient client;

    PaymentMethods(ServiceClients clients) {
        this.client = clients.of("payment");
    }

    /** The method; a 400 {@code unknown-payment-method} if the provider does not know the token. */
    Mono<Method> require(String token) {
        return InternalApi.find(client, "payment service", Method.class, "/internal/payment-methods/{token}", token)
            .switchIfEmpty(Mono.error(() -> new AgoraException(ProblemType.UNKNOWN_PAYMENT_METHOD, "The payment method token is not known to the payment provider.")
                .withErrors(List.of(new Problems.FieldError("paymentMethod", "is not a known payment method token")))));
    }
}
