package dev.agora.product.popularity;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.OrderEvent;
import dev.agora.product.cache.CatalogCache;

/**
 * Keeps units sold per product in step with order-svc. An order's lines count while the order
 * stands (confirmed, shipped, delivered) and stop counting when it is cancelled or refunded, or when
 * the part they belong to is cancelled before it ships; an
 * order's events are applied in the order they happened. Each product's total is recomputed under
 * its row lock, products locked in id order so that concurrent orders cannot deadlock.
 */
@Component
class OrderChangedHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderChangedHandler.class);
    private static final Set<String> STANDING = Set.of("CONFIRMED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED");

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CatalogCache cache;

    OrderChangedHandler(DatabaseClient db, TransactionalOperator tx, CatalogCache cache) {
        this.db = db;
        this.tx = tx;
        this.cache = cache;
    }

    Mono<Void> handle(ReceivedEvent event) {
        OrderEvent order = event.data(OrderEvent.class);
        if (order.orderId() == null) {
            log.warn("Order event {} names no order; ignored", event.id());
            return Mono.empty();
        }
        boolean standing = STANDING.contains(order.status());
        // One row per product: an order lists each product once, but nothing here relies on it.
        Map<UUID, Integer> units = new TreeMap<>();
        Map<UUID, Boolean> counted = new TreeMap<>();
        add(order.items(), standing, units, counted);
        // A part cancelled before it shipped: its lines no longer count, whatever the rest of the order does.
        add(order.cancellation() == null ? null : order.cancellation().items(), false, units, counted);
        // TreeMaps: products are locked in id order.
        Mono<Void> work = Flux.fromIterable(units.entrySet())
            .concatMap(line -> lock(line.getKey())
                .then(recordAndRecount(order.orderId(), line.getKey(), line.getValue(), counted.get(line.getKey()), event))
                .map(changed -> changed > 0))
            // reduce, not any: any stops at the first true and would drop the order's other lines.
            .reduce(false, (changed, one) -> changed || one)
            // Cached listings sorted by popularity may now be in another order.
            .flatMap(changed -> changed ? cache.invalidateAfterCommit() : Mono.empty());
        return tx.transactional(work);
    }

    private static void add(List<OrderEvent.Line> lines, boolean counts, Map<UUID, Integer> units, Map<UUID, Boolean> counted) {
        for (OrderEvent.Line line : lines == null ? List.<OrderEvent.Line>of() : lines) {
            if (line.productId() != null && line.quantity() > 0) {
                units.merge(line.productId(), line.quantity(), Integer::sum);
                counted.put(line.productId(), counts);
            }
        }
    }

    /**
     * Creates the product's row or locks it, in one statement: {@code ON CONFLICT DO UPDATE} locks the
     * row it meets even where its {@code WHERE} leaves the row as it was.
     */
    private Mono<Void> lock(UUID product) {
        return db.sql("""
                INSERT INTO product_popularity (product_id, units_sold) VALUES (:p, 0)
                ON CONFLICT (product_id) DO UPDATE SET units_sold = EXCLUDED.units_sold WHERE false""")
            .bind("p", product).then();
    }

    /**
     * Records the order's line unless a later change of it is recorded already, and if it did,
     * recounts the product in the same statement: the other orders' counted lines plus this one as
     * recorded (the statement's own write is not in its snapshot). The lock taken in the statement
     * before makes that snapshot hold every other writer's line of this product.
     */
    private Mono<Long> recordAndRecount(UUID order, UUID product, int quantity, boolean counted, ReceivedEvent event) {
        return db.sql("""
                WITH recorded AS (
                    INSERT INTO product_sales (order_id, product_id, quantity, counted, as_of)
                    VALUES (:order, :p, :quantity, :counted, :asOf)
                    ON CONFLICT (order_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity,
                        counted = EXCLUDED.counted, as_of = EXCLUDED.as_of
                    WHERE product_sales.as_of <= EXCLUDED.as_of
                    RETURNING quantity, counted)
                UPDATE product_popularity SET units_sold =
                    (SELECT coalesce(sum(quantity), 0) FROM product_sales WHERE product_id = :p AND counted AND order_id <> :order)
                    + (SELECT CASE WHEN counted THEN quantity ELSE 0 END FROM recorded)
                WHERE product_id = :p AND EXISTS (SELECT FROM recorded)""")
            .bind("order", order).bind("p", product).bind("quantity", quantity).bind("counted", counted)
            .bind("asOf", event.occurredAt())
            .fetch().rowsUpdated();
    }
}
