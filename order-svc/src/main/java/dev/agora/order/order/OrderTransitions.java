package dev.agora.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;

/**
 * Moves an order from one status to another: the row (only if it is still in the expected status),
 * a history entry and the event, all in the caller's transaction.
 */
@Component
public class OrderTransitions {

    private static final Map<String, String> EVENTS = Map.of(Order.PENDING, "order.created", Order.CONFIRMED,
            "order.confirmed", Order.PAYMENT_FAILED, "order.payment_failed", Order.SHIPPED, "order.shipped",
            Order.DELIVERED, "order.delivered", Order.CANCELLED, "order.cancelled", Order.REFUNDED, "order.refunded");

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

    /** Records the creation of a new order (history and {@code order.created}). */
    public Mono<Void> created(Order order, String actor) {
        return history(order, null, Order.PENDING, actor, null).then(announce(order, null, Order.PENDING, null, null));
    }

    /**
     * {@code order} (as read) goes to {@code to}; a 409 if someone moved it meanwhile.
     *
     * @param failureCode kept on the order for failed checkouts, else null
     */
    public Mono<Void> move(Order order, String to, String actor, String reason, String failureCode) {
        return orders.moveStatus(order.id(), order.status(), to, reason, failureCode, now())
            .flatMap(moved -> !moved
                    ? Mono.error(AgoraException.conflict("Order " + order.id() + " changed meanwhile; reload it and retry."))
                    : history(order, order.status(), to, actor, reason)
                        .then(announce(order, order.status(), to, reason, failureCode)))
            .doOnSuccess(done -> meters.counter("agora.orders.transitions", "to", to).increment());
    }

    private Mono<Void> history(Order order, String from, String to, String actor, String reason) {
        return orders.insertHistory(Uuids.v7(), order.id(), from, to, actor, reason, now());
    }

    private Mono<Void> announce(Order order, String from, String to, String reason, String failureCode) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.id());
        data.put("reference", order.reference());
        data.put("userId", order.userId());
        data.put("status", to);
        if (from != null) {
            data.put("previousStatus", from);
        }
        if (reason != null) {
            data.put("reason", reason);
        }
        if (failureCode != null) {
            data.put("failureCode", failureCode);
        }
        data.put("total", order.totalMoney());
        data.put("items", order.items().stream().map(i -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("productId", i.productId());
            line.put("vendorId", i.vendorId());
            line.put("name", i.name());
            line.put("sku", i.sku());
            line.put("quantity", i.quantity());
            line.put("unitPrice", Money.of(i.unitPrice(), order.currency()));
            return line;
        }).toList());
        if (order.paymentId() != null) {
            data.put("paymentId", order.paymentId());
        }
        return outbox.append(EVENTS.get(to), order.id(), data).then();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
