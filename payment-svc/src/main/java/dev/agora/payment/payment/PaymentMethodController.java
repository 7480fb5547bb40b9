package dev.agora.payment.payment;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
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
    Mono<ResponseEntity<PaymentProvider.PaymentMethod>> describe(AgoraPrincipal caller, @PathVariable String token) {
        return provider.describe(token)
            .map(method -> {
                Duration holds = provider.describedFor(method);
                // Private: the answer is for the calling service, never for a shared cache in between.
                CacheControl cache = holds.isPositive() ? CacheControl.maxAge(holds).cachePrivate() : CacheControl.noStore();
                return ResponseEntity.ok().cacheControl(cache).body(method);
            })
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The payment method")));
    }
}
