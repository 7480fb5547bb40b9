package dev.agora.order.checkout;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderStatus;
import dev.agora.defaults.web.ProblemType;

/** Checkout. */
@RestController
class CheckoutController {

    private final Checkout checkout;

    CheckoutController(Checkout checkout) {
        this.checkout = checkout;
    }

    @Operation(summary = "Place an order (Idempotency-Key required)", description = """
            201 with the order once checkout finished: CONFIRMED, or PAYMENT_FAILED with the reason. 409 when the \
            stock is not there (the order is kept as CANCELLED). 202 with the PENDING order when a service was slow; \
            it completes in the background. The same key and body replay the answer; another body is a 422.""")
    @ApiResponse(responseCode = "201", description = "Checkout finished: CONFIRMED, or PAYMENT_FAILED with the reason", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "202", description = "A service was slow: the PENDING order, completing in the background", useReturnTypeSchema = true)
    @PostMapping("/api/v1/orders")
    Mono<ResponseEntity<Order.View>> place(AgoraPrincipal caller,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String keyHeader,
            @Valid @RequestBody CheckoutRequest request) {
        IdempotencyKey key = IdempotencyKey.require(keyHeader);
        return checkout.checkout(caller, key, request).map(outcome -> {
            Order order = outcome.order();
            if ("insufficient_stock".equals(order.failureCode())) {
                AgoraException refused = new AgoraException(ProblemType.INSUFFICIENT_STOCK, order.statusReason());
                refused.getBody().setProperty("orderId", order.id());
                throw refused;
            }
            HttpStatus status = OrderStatus.PENDING.equals(order.status()) ? HttpStatus.ACCEPTED : HttpStatus.CREATED;
            return ResponseEntity.status(status)
                .location(URI.create("/api/v1/orders/" + order.id()))
                .header("Idempotent-Replayed", String.valueOf(outcome.replayed()))
                .body(order.view());
        });
    }
}
