package dev.agora.payment.payment;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.payment.provider.PaymentProvider;

/**
 * Whether the provider knows a payment method token, so that order-svc refuses a checkout with an
 * unknown one before anything is written (service tokens only; never routed by the gateway).
 */
@RestController
class PaymentMethodController {

    private final PaymentProvider provider;

    PaymentMethodController(PaymentProvider provider) {
        this.provider = provider;
    }

    @Operation(summary = "The payment method behind a token (order-svc); 404 when the provider does not know it")
    @GetMapping("/internal/payment-methods/{token}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.PAYMENTS_READ)
    Mono<PaymentProvider.PaymentMethod> describe(AgoraPrincipal caller, @PathVariable String token) {
        return provider.describe(token).switchIfEmpty(Mono.error(() -> AgoraException.notFound("The payment method")));
    }
}
