package dev.agora.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import java.util.List;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.OrderEvent;

/**
 * Moves an order from one status to another: the row (only if it is still in the expected status),
 * a history entry and the event, all in the caller's transaction.
 */
@Component
public class OrderTransitions {

    private static final Map<OrderStatus, String> EVENTS = Map.of(
            OrderStatus.PENDING, EventTypes.ORDER_CREATED,
            OrderStatus.CONFIRMED, EventTypes.ORDER_CONFIRMED,
            OrderStatus.PAYMENT_FAILED, EventTypes.ORDER_PAYMENT_FAILED,
            OrderStatus.PARTIALLY_SHIPPED, EventTypes.ORDER_PARTIALLY_SHIPPED,
            OrderStatus.SHIPPED, EventTypes.ORDER_SHIPPED,
            OrderStatus.DELIVERED, EventTypes.ORDER_DELIVERED,
            OrderStatus.CANCELLED, EventTypes.ORDER_CANCELLED,
            OrderStatus.REFUNDED, EventTypes.ORDER_REFUNDED);

    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderTransitions(OrderRepository orders, OutboxWriter outbox, MeterRegistry meters, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Writes a new order with its history entry and {@code order.created}, leased to the request
     * that drives its saga until {@code leaseUntil}; false, and nothing written, when another order
     * already holds its idempotency key.
     */
    public Mono<Boolean> create(Order order, String actor, Instant leaseUntil) {
        return outbox.prepare(EventTypes.ORDER_CREATED, order.id(), event(order, null, OrderStatus.PENDING, null, null, null, null))
            .flatMap(event -> orders.insertNew(order, leaseUntil, Uuids.v7(), actor, event));
    }

    /**
     * A pending order, as its saga carried it to its last step {@code current}, goes to {@code to}
     * and its saga to {@code step}, with its history entry and event, in one statement: checkout's
     * end without a transaction of several round trips. Emits the order as settled, with the lines
     * it carried (a pending order has no parts); nothing, with nothing written, when the order was
     * no longer pending at {@code current}: the caller then reads it again.
     */
    public Mono<Order> settle(Order pending, SagaStep current, OrderStatus to, SagaStep step, String actor, String reason,
            String failureCode) {
        return outbox.prepare(EVENTS.get(to), pending.id(), event(pending, OrderStatus.PENDING, to, reason, failureCode, null, null))
            .flatMap(event -> orders.settle(pending.id(), OrderStatus.PENDING, current, to, step, reason, failureCode, now(),
                    Uuids.v7(), actor, event))
            .map(settled -> settled.withItems(pending.items(), pending.fulfilments()))
            .doOnNext(settled -> meters.counter("agora.orders.transitions", "to", to.name()).increment());
    }

    /**
     * {@code order} (as read) goes to {@code to}; a 409 if someone moved it meanwhile.
     *
     * @param failureCode kept on the order for failed checkouts, else null
     */
    public Mono<Void> move(Order order, OrderStatus to, String actor, String reason, String failureCode) {
        return move(order, order, to, actor, reason, failureCode, null, null);
    }

    /**
     * One vendor's part of {@code order} (as read) shipped, and the order is now {@code to}
     * ({@code PARTIALLY_SHIPPED} or {@code SHIPPED}): the event carries the parcel. An order that
     * stays partly shipped keeps its status and history; only the event tells of the parcel.
     */
    public Mono<Void> shipped(Order order, OrderStatus to, String actor, Order.Fulfilment part) {
        OrderEvent.Shipment shipment = new OrderEvent.Shipment(part.vendorId(), part.carrier(), part.trackingNumber(),
                lines(order, order.linesOf(part.vendorId())));
        return to == order.status() ? announce(EVENTS.get(to), order, order.status(), to, null, null, shipment, null)
                : move(order, order, to, actor, null, null, shipment, null);
    }

    /**
     * One vendor's part of {@code before} (as read, locked) was cancelled; {@code after} is the order
     * with it, and {@code to} the status its other parts now give it: one {@code order.part_cancelled}
     * event, and a history entry when the status moves (the other parts had all shipped).
     */
    public Mono<Void> partCancelled(Order before, Order after, OrderStatus to, String actor, String reason, UUID vendorId) {
        Order.Fulfilment part = after.part(vendorId).orElseThrow();
        OrderEvent.Cancellation cancellation = new OrderEvent.Cancellation(vendorId, lines(after, after.linesOf(vendorId)),
                Money.of(part.refund(), after.currency()));
        return to == before.status()
                ? announce(EventTypes.ORDER_PART_CANCELLED, after, before.status(), to, reason, null, null, cancellation)
                : move(before, after, to, actor, reason, null, null, cancellation);
    }

    /** {@code order}'s row moves as read; the event tells of {@code changed}, the order with this change. */
    private Mono<Void> move(Order order, Order changed, OrderStatus to, String actor, String reason, String failureCode,
            OrderEvent.Shipment shipment, OrderEvent.Cancellation cancellation) {
        String type = cancellation != null ? EventTypes.ORDER_PART_CANCELLED : EVENTS.get(to);
        return orders.moveStatus(order.id(), order.status(), to, reason, failureCode, now())
            .flatMap(moved -> !moved
                    ? Mono.error(AgoraException.conflict("Order " + order.id() + " changed meanwhile; reload it and retry."))
                    : history(order, order.status(), to, actor, reason)
                        .then(announce(type, changed, order.status(), to, reason, failureCode, shipment, cancellation)))
            .doOnSuccess(done -> meters.counter("agora.orders.transitions", "to", to.name()).increment());
    }

    private Mono<Void> history(Order order, OrderStatus from, OrderStatus to, String actor, String reason) {
        return orders.insertHistory(Uuids.v7(), order.id(), from, to, actor, reason, now());
    }

    private Mono<Void> announce(String type, Order order, OrderStatus from, OrderStatus to, String reason, String failureCode,
            OrderEvent.Shipment shipment, OrderEvent.Cancellation cancellation) {
        return outbox.append(type, order.id(), event(order, from, to, reason, failureCode, shipment, cancellation)).then();
    }

    private static OrderEvent event(Order order, OrderStatus from, OrderStatus to, String reason, String failureCode,
            OrderEvent.Shipment shipment, OrderEvent.Cancellation cancellation) {
        return new OrderEvent(order.id(), order.reference(), order.userId(), to.name(),
                from == null ? null : from.name(), reason, failureCode,
                order.totalMoney(), lines(order, order.standingItems()), order.paymentId(), shipment, cancellation);
    }

    private static List<OrderEvent.Line> lines(Order order, List<Order.Item> items) {
        return items.stream()
            .map(i -> new OrderEvent.Line(i.productId(), i.vendorId(), i.name(), i.sku(), i.quantity(),
                    Money.of(i.unitPrice(), order.currency()), i.variantId()))
            .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
