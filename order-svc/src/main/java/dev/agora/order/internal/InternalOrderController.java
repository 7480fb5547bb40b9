package dev.agora.order.internal;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.order.order.OrderRepository;
import dev.agora.order.order.OrderStatus;

/** What other services may ask about orders (service tokens only; never routed by the gateway). */
@RestController
@RequestMapping("/internal/orders")
class InternalOrderController {

    private final OrderRepository orders;

    InternalOrderController(OrderRepository orders) {
        this.orders = orders;
    }

    record Summary(UUID id, UUID userId, OrderStatus status, Money total) {
    }

    /** @param variantId the variant asked about, or null for the product in any variant */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Purchase(UUID userId, UUID productId, UUID variantId, boolean purchased) {
    }

    @Operation(summary = "Whose an order is, its status and total (payment-svc)")
    @GetMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Summary> summary(AgoraPrincipal caller, @PathVariable UUID id) {
        return orders.find(id)
            .map(o -> new Summary(o.id(), o.userId(), o.status(), o.totalMoney()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")));
    }

    @Operation(summary = "Whether a user bought a product (or, with variantId, that variant of it): a confirmed, shipped or "
            + "delivered order contains it (review-svc)")
    @GetMapping("/purchases")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Purchase> purchased(AgoraPrincipal caller, @RequestParam UUID userId, @RequestParam UUID productId,
            @RequestParam(required = false) UUID variantId) {
        return orders.purchased(userId, productId, variantId).map(bought -> new Purchase(userId, productId, variantId, bought));
    }
}
