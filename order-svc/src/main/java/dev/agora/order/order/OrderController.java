package dev.agora.order.order;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
    private final Shipping shipping;
    private final PartCancellations cancellations;

    OrderController(OrderRepository orders, StatusChanges changes, Shipping shipping, PartCancellations cancellations) {
        this.orders = orders;
        this.changes = changes;
        this.shipping = shipping;
        this.cancellations = cancellations;
    }

    record StatusChange(@NotNull OrderStatus status, @Size(max = 500) String reason) {
    }

    /** What a vendor's part may be moved to; it starts {@code PENDING}. */
    enum FulfilmentMove {
        SHIPPED, DELIVERED, CANCELLED
    }

    /**
     * A vendor's part shipped (with the carrier and tracking number, if it has them), delivered, or
     * cancelled before it shipped.
     *
     * @param carrier e.g. {@code DHL Express}; required with a tracking number
     * @param trackingNumber the carrier's, letters, digits, spaces and hyphens
     * @param reason why a part is cancelled, passed on in the {@code order.part_cancelled} event and its emails; only
     *        with {@code CANCELLED}
     */
    record FulfilmentChange(@NotNull FulfilmentMove status, @Size(max = 500) String reason,
            @Size(max = 60) @Pattern(regexp = " *[\\p{L}\\p{N}][\\p{L}\\p{N} .&'()/-]*", message = "must start with a letter or digit and hold only letters, digits, spaces and . & ' ( ) / -") String carrier,
            @Size(max = 40) @Pattern(regexp = " *[A-Za-z0-9][A-Za-z0-9 -]*", message = "must hold only letters, digits, spaces and hyphens") String trackingNumber) {
    }

    @Operation(summary = "Orders: a customer's own, a vendor's with its products too, all for admins; newest first; "
            + "optionally only one status or one reference")
    @GetMapping
    Mono<PageQuery.Page<Order.View>> list(AgoraPrincipal caller,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(required = false) String reference, @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @Parameter(description = "Only confirmed or partly shipped orders with a part still to ship: for a vendor, its own part")
            @RequestParam(defaultValue = "false") boolean awaitingShipment,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        if (from != null && to != null && !from.isBefore(to)) {
            throw AgoraException.badRequest("from must be before to.")
                .withErrors(List.of(new Problems.FieldError("from", "must be before to")));
        }
        var scope = new OrderRepository.Scope(caller.userId(),
                caller.hasRole(AgoraPrincipal.VENDOR) ? caller.vendorId() : null, caller.isAdmin());
        return orders.list(scope, status, reference == null ? null : OrderReference.parse(reference, "reference"), from,
                to, awaitingShipment, query, order -> viewFor(caller, order));
    }

    @Operation(summary = "An order by its reference, e.g. AG-7KQ2-M4XD (its customer, a vendor of its items, admins; others 404)")
    @GetMapping("/reference/{reference}")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Order.View> byReference(AgoraPrincipal caller, @PathVariable String reference) {
        return orders.findByReference(OrderReference.parse(reference, "reference"))
            .filter(order -> mayRead(caller, order))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")))
            .map(order -> viewFor(caller, order));
    }

    @Operation(summary = "An order (its customer, a vendor of its items, admins; others 404)")
    @GetMapping("/{id}")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<Order.View> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).map(order -> viewFor(caller, order));
    }

    @Operation(summary = "An order's status history, oldest first")
    @GetMapping("/{id}/history")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<List<OrderRepository.HistoryEntry>> history(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).flatMap(order -> orders.history(order.id()).collectList());
    }

    @Operation(summary = "Move an order along its workflow: SHIPPED, DELIVERED (admin: every part at once; vendors "
            + "move their own part with PATCH /orders/{id}/fulfilments/{vendorId}), CANCELLED (its customer before "
            + "shipping, admin; refunds and restocks), REFUNDED (admin); others 409")
    @PatchMapping("/{id}/status")
    Mono<Order.View> changeStatus(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody StatusChange change) {
        return visible(caller, id)
            .flatMap(order -> changes.change(caller, order, change.status(), change.reason()))
            .map(order -> viewFor(caller, order));
    }

    @Operation(summary = "Ship (SHIPPED, with carrier and tracking number) or deliver (DELIVERED) one vendor's part of an "
            + "order: that vendor or an admin; another vendor's part is a 404; the order becomes PARTIALLY_SHIPPED, "
            + "SHIPPED once every part has, DELIVERED once every part arrived. CANCELLED: the customer or an admin "
            + "cancels a part not shipped yet, refunded exactly its lines and restocked; the only part still to come "
            + "cancels the whole order")
    @PatchMapping("/{id}/fulfilments/{vendorId}")
    Mono<Order.View> changeFulfilment(AgoraPrincipal caller, @PathVariable UUID id, @PathVariable UUID vendorId,
            @Valid @RequestBody FulfilmentChange change) {
        Shipping.Parcel parcel = parcel(change);
        return visible(caller, id)
            .flatMap(order -> switch (change.status()) {
                case SHIPPED -> shipping.ship(caller, order, vendorId, parcel);
                case DELIVERED -> shipping.deliver(caller, order, vendorId);
                case CANCELLED -> cancellations.cancel(caller, order, vendorId, blankToNull(change.reason()));
            })
            .map(order -> viewFor(caller, order));
    }

    private static Shipping.Parcel parcel(FulfilmentChange change) {
        String carrier = change.carrier() == null ? null : change.carrier().strip();
        String tracking = change.trackingNumber() == null ? null : change.trackingNumber().strip();
        List<Problems.FieldError> errors = new java.util.ArrayList<>();
        if (change.status() != FulfilmentMove.SHIPPED && (carrier != null || tracking != null)) {
            errors.add(new Problems.FieldError(carrier != null ? "carrier" : "trackingNumber",
                    "is given when the part ships, not when it is " + change.status().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (change.status() != FulfilmentMove.CANCELLED && change.reason() != null) {
            errors.add(new Problems.FieldError("reason", "is given only when a part is cancelled"));
        }
        if (tracking != null && tracking.length() < 4) {
            errors.add(new Problems.FieldError("trackingNumber", "must be at least 4 characters long"));
        }
        if (tracking != null && carrier == null) {
            errors.add(new Problems.FieldError("carrier", "is required with a tracking number"));
        }
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("The fulfilment change is not valid.").withErrors(errors);
        }
        return new Shipping.Parcel(carrier, tracking);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A vendor that is not the order's customer sees only its own part of it. */
    private static Order.View viewFor(AgoraPrincipal caller, Order order) {
        boolean whole = caller.is(order.userId()) || caller.isAdmin() || caller.hasRole(AgoraPrincipal.SERVICE);
        return whole ? order.view() : order.vendorView(caller.vendorId());
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
