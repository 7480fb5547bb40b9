package dev.agora.order.order;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.defaults.web.Problems;

/**
 * Orders as their customers, vendors and admins see them. An order a caller may not see is a 404.
 */
@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

    private final OrderRepository orders;
    private final StatusChanges changes;

    OrderController(OrderRepository orders, StatusChanges changes) {
        this.orders = orders;
        this.changes = changes;
    }

    record StatusChange(@NotNull OrderStatus status, @Size(max = 500) String reason) {
    }

    @Operation(summary = "Orders: a customer's own, a vendor's with its products too, all for admins; newest first; "
            + "optionally only one status or one reference")
    @GetMapping
    Mono<PageQuery.Page<Order.View>> list(AgoraPrincipal caller,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(required = false) String reference, @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        if (from != null && to != null && !from.isBefore(to)) {
            throw AgoraException.badRequest("from must be before to.")
                .withErrors(List.of(new Problems.FieldError("from", "must be before to")));
        }
        var scope = new OrderRepository.Scope(caller.userId(),
                caller.hasRole(AgoraPrincipal.VENDOR) ? caller.vendorId() : null, caller.isAdmin());
        return orders.list(scope, status, reference == null ? null : OrderReference.parse(reference, "reference"), from,
                to, query);
    }

    @Operation(summary = "An order by its reference, e.g. AG-7KQ2-M4XD (its customer, a vendor of its items, admins; others 404)")
    @GetMapping("/reference/{reference}")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Order.View> byReference(AgoraPrincipal caller, @PathVariable String reference) {
        return orders.findByReference(OrderReference.parse(reference, "reference"))
            .filter(order -> mayRead(caller, order))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")))
            .map(Order::view);
    }

    @Operation(summary = "An order (its customer, a vendor of its items, admins; others 404)")
    @GetMapping("/{id}")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Order.View> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).map(Order::view);
    }

    @Operation(summary = "An order's status history, oldest first")
    @GetMapping("/{id}/history")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<List<OrderRepository.HistoryEntry>> history(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).flatMap(order -> orders.history(order.id()).collectList());
    }

    @Operation(summary = "Move an order along its workflow: SHIPPED, DELIVERED (admin, vendor of its items), "
            + "CANCELLED (its customer before shipping, admin; refunds and restocks), REFUNDED (admin); others 409")
    @PatchMapping("/{id}/status")
    Mono<Order.View> changeStatus(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody StatusChange change) {
        return visible(caller, id)
            .flatMap(order -> changes.change(caller, order, change.status(), change.reason()))
            .map(Order::view);
    }

    private Mono<Order> visible(AgoraPrincipal caller, UUID id) {
        return orders.find(id)
            .filter(order -> mayRead(caller, order))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")));
    }

    private static boolean mayRead(AgoraPrincipal caller, Order order) {
        return caller.is(order.userId()) || caller.isAdmin() || caller.hasRole(AgoraPrincipal.SERVICE)
                || (caller.hasRole(AgoraPrincipal.VENDOR) && order.involvesVendor(caller.vendorId()));
    }
}
