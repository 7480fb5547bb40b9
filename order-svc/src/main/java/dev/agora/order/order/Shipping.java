package dev.agora.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;

/**
 * Each vendor ships and delivers its own part of an order, never another vendor's; the order's
 * status follows from its parts: {@code PARTIALLY_SHIPPED} while some are on their way,
 * {@code SHIPPED} once all are, {@code DELIVERED} once all arrived. Part and order change in one
 * transaction under the order's lock, so two vendors shipping at once both count.
 */
@Service
class Shipping {

    private static final Set<OrderStatus> SHIPPABLE = Set.of(OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_SHIPPED);
    private static final Set<OrderStatus> DELIVERABLE = Set.of(OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED);

    private final TransactionalOperator tx;
    private final OrderRepository orders;
    private final FulfilmentRepository fulfilments;
    private final OrderTransitions transitions;
    private final Clock clock;

    Shipping(TransactionalOperator tx, OrderRepository orders, FulfilmentRepository fulfilments, OrderTransitions transitions,
            Clock clock) {
        this.tx = tx;
        this.orders = orders;
        this.fulfilments = fulfilments;
        this.transitions = transitions;
        this.clock = clock;
    }

    /** What a vendor ships with; both null when it gives none. */
    record Parcel(String carrier, String trackingNumber) {
    }

    /** Ships the vendor's part of a visible order: 404 for a part the caller does not see, 409 when it cannot ship. */
    Mono<Order> ship(AgoraPrincipal caller, Order visible, UUID vendorId, Parcel parcel) {
        authorise(caller, visible, vendorId);
        Mono<Order> work = orders.lock(visible.id()).flatMap(order -> {
            if (!SHIPPABLE.contains(order.status())) {
                return Mono.error(AgoraException.conflict("An order that is " + order.status() + " cannot ship."));
            }
            if (order.part(vendorId).map(Order.Fulfilment::cancelled).orElse(false)) {
                return Mono.error(AgoraException.conflict("This part of the order was cancelled before it shipped; do not send it."));
            }
            return fulfilments.ship(order.id(), vendorId, parcel.carrier(), parcel.trackingNumber(), now())
                .flatMap(shipped -> !shipped ? Mono.error(AgoraException.conflict("This part of the order has shipped already."))
                        : orders.find(order.id()))
                .flatMap(after -> {
                    boolean all = after.parts().stream().noneMatch(part -> part.status() == FulfilmentStatus.PENDING);
                    return transitions.shipped(order, all ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED,
                            actor(caller), after.part(vendorId).orElseThrow());
                })
                .then(orders.find(order.id()));
        });
        return tx.transactional(work);
    }

    /** Marks the vendor's shipped part delivered; the order is delivered once every part is. */
    Mono<Order> deliver(AgoraPrincipal caller, Order visible, UUID vendorId) {
        authorise(caller, visible, vendorId);
        Mono<Order> work = orders.lock(visible.id()).flatMap(order -> {
            if (!DELIVERABLE.contains(order.status())) {
                return Mono.error(AgoraException.conflict("An order that is " + order.status() + " cannot be delivered."));
            }
            return fulfilments.deliver(order.id(), vendorId, now())
                .flatMap(delivered -> !delivered
                        ? Mono.error(AgoraException.conflict("This part of the order is not on its way: it has not shipped yet, "
                                + "or it was delivered already."))
                        : orders.find(order.id()))
                .flatMap(after -> order.status() == OrderStatus.SHIPPED && after.statusOfParts() == OrderStatus.DELIVERED
                        ? transitions.move(order, OrderStatus.DELIVERED, actor(caller), null, null) : Mono.<Void>empty())
                .then(orders.find(order.id()));
        });
        return tx.transactional(work);
    }

    /** An admin ships whatever has not shipped yet, without tracking; in the caller's transaction, order locked. */
    Mono<Void> shipRest(Order locked, String actor, String reason) {
        return fulfilments.shipRest(locked.id(), now())
            .then(transitions.move(locked, OrderStatus.SHIPPED, actor, reason, null));
    }

    /** An admin marks every part delivered; in the caller's transaction, order locked. */
    Mono<Void> deliverAll(Order locked, String actor, String reason) {
        return fulfilments.deliverAll(locked.id(), now())
            .then(transitions.move(locked, OrderStatus.DELIVERED, actor, reason, null));
    }

    private static void authorise(AgoraPrincipal caller, Order order, UUID vendorId) {
        if (order.part(vendorId).isEmpty()) {
            throw AgoraException.notFound("The fulfilment");
        }
        boolean own = caller.hasRole(AgoraPrincipal.VENDOR) && vendorId != null && vendorId.equals(caller.vendorId());
        if (caller.isAdmin() || own) {
            return;
        }
        // Another vendor of the order does not see this part at all; its customer sees it but may not move it.
        if (caller.is(order.userId())) {
            throw AgoraException.forbidden("Only the vendor of these items or an admin may ship or deliver them.");
        }
        throw AgoraException.notFound("The fulfilment");
    }

    static String actor(AgoraPrincipal caller) {
        String role = caller.isAdmin() ? "admin" : caller.hasRole(AgoraPrincipal.VENDOR) ? "vendor" : "user";
        return role + ":" + caller.userId();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
