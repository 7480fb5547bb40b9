package dev.agora.order.order;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.order.OrderProperties;

/**
 * The status workflow after checkout, enforced here whatever the client asks:
 * {@code CONFIRMED | PARTIALLY_SHIPPED → SHIPPED → DELIVERED} by an admin, for every part at once
 * (vendors ship and deliver their own part through {@link Shipping});
 * {@code CONFIRMED → CANCELLED} by its customer or an admin (the money is refunded and the stock
 * returns); {@code PARTIALLY_SHIPPED | SHIPPED | DELIVERED → REFUNDED} by an admin (the money is refunded, and
 * the stock of the parts not shipped yet returns). Cancellation
 * and refund run as saga steps, so a crash halfway still ends with the money back.
 */
@Service
class StatusChanges {

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.of(
            OrderStatus.CONFIRMED, Set.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED),
            OrderStatus.PARTIALLY_SHIPPED, Set.of(OrderStatus.SHIPPED, OrderStatus.REFUNDED),
            OrderStatus.SHIPPED, Set.of(OrderStatus.DELIVERED, OrderStatus.REFUNDED),
            OrderStatus.DELIVERED, Set.of(OrderStatus.REFUNDED));

    private final TransactionalOperator tx;
    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final Compensations saga;
    private final Shipping shipping;
    private final UnshippedParts unshipped;
    private final OrderProperties properties;
    private final Clock clock;

    StatusChanges(TransactionalOperator tx, OrderRepository orders, OrderTransitions transitions,
            Compensations saga, Shipping shipping, UnshippedParts unshipped, OrderProperties properties, Clock clock) {
        this.tx = tx;
        this.orders = orders;
        this.transitions = transitions;
        this.saga = saga;
        this.shipping = shipping;
        this.unshipped = unshipped;
        this.properties = properties;
        this.clock = clock;
    }

    /** Moves a visible order; 403 for a move the caller's role may not make, 409 for one the workflow forbids. */
    Mono<Order> change(AgoraPrincipal caller, Order visible, OrderStatus to, String reason) {
        authorise(caller, visible, to);
        boolean compensates = to == OrderStatus.CANCELLED || to == OrderStatus.REFUNDED;
        Mono<Order> work = orders.lock(visible.id()).flatMap(order -> {
            if (!ALLOWED.getOrDefault(order.status(), Set.of()).contains(to)) {
                return Mono.error(AgoraException.conflict("An order that is " + order.status() + " cannot become " + to + "."));
            }
            String actor = Shipping.actor(caller);
            Mono<Void> move = switch (to) {
                case SHIPPED -> shipping.shipRest(order, actor, reason);
                case DELIVERED -> shipping.deliverAll(order, actor, reason);
                default -> transitions.move(order, to, actor, reason, null);
            };
            if (to == OrderStatus.REFUNDED) {
                // After the move, whose event lists every line as read. The parts not shipped yet never
                // will: the saga returns their stock once the money is back.
                move = move.then(unshipped.cancel(order)).then();
            }
            if (compensates && order.paymentId() != null) {
                move = move.then(orders.startRefund(order.id(),
                        clock.instant().truncatedTo(ChronoUnit.MICROS).plus(properties.sagaLease())));
            }
            return move.then(orders.find(order.id()));
        });
        return tx.transactional(work)
            // Refund (and restock) now; recovery finishes it if this process dies first.
            .flatMap(order -> compensates ? saga.drive(order.id()).onErrorResume(ex -> Mono.empty())
                .then(orders.find(order.id())) : Mono.just(order));
    }

    private static void authorise(AgoraPrincipal caller, Order order, OrderStatus to) {
        boolean admin = caller.isAdmin();
        boolean owner = caller.is(order.userId());
        boolean allowed = switch (to) {
            case SHIPPED, DELIVERED -> admin;
            case CANCELLED -> admin || owner;
            case REFUNDED -> admin;
            case PENDING, CONFIRMED, PAYMENT_FAILED, PARTIALLY_SHIPPED -> false;
        };
        if (!allowed) {
            if ((to == OrderStatus.SHIPPED || to == OrderStatus.DELIVERED) && caller.hasRole(AgoraPrincipal.VENDOR)) {
                // Setting the whole order would ship other vendors' items too.
                throw AgoraException.forbidden("Vendors ship and deliver their own part of an order: "
                        + "PATCH /api/v1/orders/" + order.id() + "/fulfilments/" + caller.vendorId() + ".");
            }
            if (!Set.of(OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.REFUNDED).contains(to)) {
                throw AgoraException.conflict("Orders cannot be set to " + to + " by hand.");
            }
            throw AgoraException.forbidden("Your role may not set an order to " + to + ".");
        }
    }

}
