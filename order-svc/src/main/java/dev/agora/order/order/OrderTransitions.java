package dev.agora.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
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

    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderTransitions(DatabaseClient db, OutboxWriter outbox, MeterRegistry meters, Clock clock) {
        this.db = db;
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
        var update = db.sql("""
                UPDATE orders SET status = :to, status_reason = :reason, failure_code = COALESCE(:code, failure_code),
                    updated_at = :now WHERE id = :id AND status = :from""")
            .bind("to", to)
            .bind("now", now())
            .bind("id", order.id())
            .bind("from", order.status());
        update = update.bind("reason", SqlValues.orNull(reason, String.class));
        update = update.bind("code", SqlValues.orNull(failureCode, String.class));
        return update.fetch().rowsUpdated()
            .flatMap(updated -> updated == 0
                    ? Mono.error(AgoraException.conflict("Order " + order.id() + " changed meanwhile; reload it and retry."))
                    : history(order, order.status(), to, actor, reason)
                        .then(announce(order, order.status(), to, reason, failureCode)))
            .doOnSuccess(done -> meters.counter("agora.orders.transitions", "to", to).increment());
    }

    private Mono<Void> history(Order order, String from, String to, String actor, String reason) {
        var insert = db.sql("""
                INSERT INTO order_status_history (id, order_id, from_status, to_status, actor, reason, created_at)
                VALUES (:id, :order, :from, :to, :actor, :reason, :now)""")
            .bind("id", Uuids.v7())
            .bind("order", order.id())
            .bind("to", to)
            .bind("actor", actor)
            .bind("now", now());
        insert = insert.bind("from", SqlValues.orNull(from, String.class));
        insert = insert.bind("reason", SqlValues.orNull(reason, String.class));
        return insert.then();
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
