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
import dev.agora.order.OrderProperties;

/**
 * A customer (or an admin) cancels one vendor's part of an order before it ships, and is refunded
 * exactly that part's lines; their stock returns to the shelf. The part is marked in the same
 * transaction, under the order's lock, that sends the saga to its refund_parts step, so the refund
 * and restock run even if this process dies right after: recovery picks them up. Cancelling the
 * only part still to come is cancelling the order, shipping included.
 */
@Service
class PartCancellations {

    private static final Set<OrderStatus> CANCELLABLE = Set.of(OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_SHIPPED);

    private final TransactionalOperator tx;
    private final OrderRepository orders;
    private final FulfilmentRepository fulfilments;
    private final OrderTransitions transitions;
    private final StatusChanges statusChanges;
    private final Compensations saga;
    private final OrderProperties properties;
    private final Clock clock;

    PartCancellations(TransactionalOperator tx, OrderRepository orders, FulfilmentRepository fulfilments,
            OrderTransitions transitions, StatusChanges statusChanges, Compensations saga, OrderProperties properties,
            Clock clock) {
        this.tx = tx;
        this.orders = orders;
        this.fulfilments = fulfilments;
        this.transitions = transitions;
        this.statusChanges = statusChanges;
        this.saga = saga;
        this.properties = properties;
        this.clock = clock;
    }

    /** Cancels the vendor's part of a visible order: 404 for a part the caller does not see, 409 once it shipped. */
    Mono<Order> cancel(AgoraPrincipal caller, Order visible, UUID vendorId, String reason) {
        authorise(caller, visible, vendorId);
        String actor = Shipping.actor(caller);
        String why = reason != null ? reason : "Cancelled before it shipped.";
        Mono<Boolean> partOnly = orders.lock(visible.id()).flatMap(order -> {
            if (!CANCELLABLE.contains(order.status())) {
                return Mono.error(AgoraException.conflict("An order that is " + order.status() + " has no part left to cancel."));
            }
            Order.Fulfilment part = order.part(vendorId).orElseThrow();
            if (part.status() != FulfilmentStatus.PENDING) {
                return Mono.error(AgoraException.conflict(part.cancelled() ? "This part of the order was cancelled already."
                        : "This part of the order has shipped already; it can be refunded once returned."));
            }
            if (order.activeParts().size() == 1) {
                return Mono.just(false);
            }
            return fulfilments.cancel(order.id(), vendorId, order.subtotalOf(vendorId), now())
                .then(orders.find(order.id()))
                .flatMap(after -> transitions.partCancelled(order, after, after.statusOfParts(), actor, why, vendorId))
                .then(orders.startPartRefunds(order.id(), now().plus(properties.sagaLease())))
                .flatMap(started -> started ? Mono.just(true)
                        : Mono.error(AgoraException.conflict("The order is still settling an earlier change; try again in a moment.")));
        });
        return tx.transactional(partOnly).flatMap(part -> part
                // Refund and restock now; recovery finishes them if this process dies first.
                ? saga.drive(visible.id()).onErrorResume(ex -> Mono.empty()).then(orders.find(visible.id()))
                : statusChanges.change(caller, visible, OrderStatus.CANCELLED, why));
    }

    private static void authorise(AgoraPrincipal caller, Order order, UUID vendorId) {
        if (order.part(vendorId).isEmpty()) {
            throw AgoraException.notFound("The fulfilment");
        }
        if (caller.isAdmin() || caller.is(order.userId())) {
            return;
        }
        // The part's own vendor sees it; a vendor does not cancel what the customer bought.
        if (caller.hasRole(AgoraPrincipal.VENDOR) && vendorId != null && vendorId.equals(caller.vendorId())) {
            throw AgoraException.forbidden("Only the customer or an admin may cancel part of an order.");
        }
        throw AgoraException.notFound("The fulfilment");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
