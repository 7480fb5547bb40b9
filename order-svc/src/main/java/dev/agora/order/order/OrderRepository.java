package dev.agora.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.web.PageQuery;

/** Reads orders with their lines. */
@Repository
public class OrderRepository {

    /** The order's own columns, as {@link #row} maps them. */
    public static final String COLUMNS = """
            id, reference, user_id, status, status_reason, failure_code, currency, subtotal, shipping, total,
            shipping_address::text AS shipping_address, payment_method, payment_id, idempotency_key, request_hash,
            saga_step, saga_outcome, refunded, created_at, updated_at""";

    private final DatabaseClient db;
    private final JsonMapper json;

    OrderRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Inserts a new order, leased to the request that drives its saga until {@code leaseUntil}, with
     * its lines, its first history entry (by {@code actor}) and {@code event}, all in one statement:
     * one round trip, atomic without a transaction. False, and nothing written, when another order
     * already holds its idempotency key.
     */
    Mono<Boolean> insertNew(Order order, Instant leaseUntil, UUID historyId, String actor, OutboxWriter.Prepared event) {
        // A data-modifying WITH: every part reads the order's row from "created", so none is written
        // when the key's conflict wrote no order; the lines' foreign key is checked at the statement's end.
        return event.bind(db.sql("""
                WITH created AS (
                    INSERT INTO orders (id, reference, user_id, status, currency, subtotal, shipping, total, shipping_address,
                        payment_method, idempotency_key, request_hash, saga_step, saga_lease_until, created_at, updated_at)
                    VALUES (:id, :reference, :user, 'PENDING', :currency, :subtotal, :shipping, :total, CAST(:address AS jsonb),
                        :method, :key, :hash, 'reserve', :lease, :now, :now)
                    ON CONFLICT ON CONSTRAINT orders_idempotency_key DO NOTHING
                    RETURNING id),
                lines AS (
                    INSERT INTO order_items (order_id, line, product_id, variant_id, vendor_id, name, sku, unit_price, quantity,
                        line_total)
                    SELECT created.id, l.line, l.product_id, l.variant_id, l.vendor_id, l.name, l.sku, l.unit_price, l.quantity,
                        l.line_total
                    FROM created, jsonb_to_recordset(CAST(:lines AS jsonb)) AS l(line integer, product_id uuid, variant_id uuid,
                        vendor_id uuid, name text, sku text, unit_price numeric, quantity integer, line_total numeric)),
                history AS (
                    INSERT INTO order_status_history (id, order_id, from_status, to_status, actor, reason, created_at)
                    SELECT :history, created.id, NULL, 'PENDING', :actor, NULL, :now FROM created),
                event AS (
                    INSERT INTO outbox %s SELECT %s FROM created)
                SELECT count(*) AS inserted FROM created""".formatted(OutboxWriter.Prepared.COLUMNS,
                    OutboxWriter.Prepared.VALUES_LIST)))
            .bind("id", order.id())
            .bind("reference", order.reference())
            .bind("user", order.userId())
            .bind("currency", order.currency())
            .bind("subtotal", order.subtotal())
            .bind("shipping", order.shipping())
            .bind("total", order.total())
            .bind("address", json.writeValueAsString(order.shippingAddress()))
            .bind("method", order.paymentMethod())
            .bind("key", order.idempotencyKey())
            .bind("hash", order.requestHash())
            .bind("lease", leaseUntil)
            .bind("now", order.createdAt())
            .bind("lines", json.writeValueAsString(lineRows(order.items())))
            .bind("history", historyId)
            .bind("actor", actor)
            .map((row, meta) -> row.get("inserted", Long.class) > 0)
            .one();
    }

    /** The lines as rows of {@code order_items}, numbered from 0 in the order given. */
    private static List<Map<String, Object>> lineRows(List<Order.Item> items) {
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        for (int line = 0; line < items.size(); line++) {
            Order.Item item = items.get(line);
            // A HashMap, not Map.of: a product sold as itself has no variant, and may have no vendor.
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("line", line);
            row.put("product_id", item.productId());
            row.put("variant_id", item.variantId());
            row.put("vendor_id", item.vendorId());
            row.put("name", item.name());
            row.put("sku", item.sku());
            row.put("unit_price", item.unitPrice());
            row.put("quantity", item.quantity());
            row.put("line_total", item.lineTotal());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Moves an order from {@code from} to {@code to} and ends its saga at {@code step}, with the
     * history entry (by {@code actor}) and {@code event}, all in one statement; emits the row as
     * it left it (without lines and parts), or nothing, with nothing written, when it was no longer
     * {@code from} at saga step {@code current}.
     */
    Mono<Order> settle(UUID id, OrderStatus from, SagaStep current, OrderStatus to, SagaStep step, String reason,
            String failureCode, Instant now, UUID historyId, String actor, OutboxWriter.Prepared event) {
        var update = event.bind(db.sql("""
                WITH settled AS (
                    UPDATE orders SET status = :to, status_reason = :reason, failure_code = COALESCE(:code, failure_code),
                        saga_step = :step, saga_lease_until = NULL, saga_last_error = NULL, updated_at = :now
                    WHERE id = :id AND status = :from AND saga_step = :current
                    RETURNING %s),
                history AS (
                    INSERT INTO order_status_history (id, order_id, from_status, to_status, actor, reason, created_at)
                    SELECT :history, settled.id, :from, :to, :actor, :reason, :now FROM settled),
                event AS (
                    INSERT INTO outbox %s SELECT %s FROM settled)
                SELECT * FROM settled""".formatted(COLUMNS, OutboxWriter.Prepared.COLUMNS,
                    OutboxWriter.Prepared.VALUES_LIST)))
            .bind("to", to.name())
            .bind("step", step.column())
            .bind("now", now)
            .bind("id", id)
            .bind("from", from.name())
            .bind("current", current.column())
            .bind("history", historyId)
            .bind("actor", actor);
        update = update.bind("reason", SqlValues.orNull(reason, String.class));
        update = update.bind("code", SqlValues.orNull(failureCode, String.class));
        return update.map(this::row).one();
    }

    /** Moves the order's status from {@code from} to {@code to}; false when it was no longer {@code from}. */
    public Mono<Boolean> moveStatus(UUID id, OrderStatus from, OrderStatus to, String reason, String failureCode,
            Instant now) {
        var update = db.sql("""
                UPDATE orders SET status = :to, status_reason = :reason, failure_code = COALESCE(:code, failure_code),
                    updated_at = :now WHERE id = :id AND status = :from""")
            .bind("to", to.name())
            .bind("now", now)
            .bind("id", id)
            .bind("from", from.name());
        update = update.bind("reason", SqlValues.orNull(reason, String.class));
        update = update.bind("code", SqlValues.orNull(failureCode, String.class));
        return update.fetch().rowsUpdated().map(updated -> updated > 0);
    }

    /** One line of the order's status history ({@code from} is null for its creation). */
    public Mono<Void> insertHistory(UUID id, UUID orderId, OrderStatus from, OrderStatus to, String actor, String reason,
            Instant now) {
        var insert = db.sql("""
                INSERT INTO order_status_history (id, order_id, from_status, to_status, actor, reason, created_at)
                VALUES (:id, :order, :from, :to, :actor, :reason, :now)""")
            .bind("id", id)
            .bind("order", orderId)
            .bind("to", to.name())
            .bind("actor", actor)
            .bind("now", now);
        insert = insert.bind("from", SqlValues.orNull(from == null ? null : from.name(), String.class));
        insert = insert.bind("reason", SqlValues.orNull(reason, String.class));
        return insert.then();
    }

    /** Sends a paid order's saga to its refund step, leased to the caller until {@code leaseUntil}. */
    public Mono<Void> startRefund(UUID id, Instant leaseUntil) {
        return db.sql("UPDATE orders SET saga_step = 'refund', saga_attempts = 0, saga_lease_until = :lease WHERE id = :id")
            .bind("lease", leaseUntil)
            .bind("id", id)
            .then();
    }

    /**
     * Sends a settled order's saga to its refund_parts step (its cancelled parts' refunds and
     * restocks), leased to the caller; false while another step is still running. In the caller's
     * transaction.
     */
    public Mono<Boolean> startPartRefunds(UUID id, Instant leaseUntil) {
        return db.sql("""
                UPDATE orders SET saga_step = 'refund_parts', saga_attempts = 0, saga_last_error = NULL, saga_lease_until = :lease
                WHERE id = :id AND saga_step IN ('done', 'refund_parts')""")
            .bind("lease", leaseUntil)
            .bind("id", id)
            .fetch().rowsUpdated().map(updated -> updated > 0);
    }

    public Mono<Order> find(UUID id) {
        return load("SELECT " + COLUMNS + " FROM orders WHERE id = :id", id);
    }

    /** Locks the order for the rest of the transaction. */
    public Mono<Order> lock(UUID id) {
        return load("SELECT " + COLUMNS + " FROM orders WHERE id = :id FOR UPDATE", id);
    }

    /**
     * Locks the order's row for the rest of the transaction and reads the row alone, without its
     * lines and parts; {@link #withLinesAndParts} reads those when they are needed.
     */
    public Mono<Order> lockRow(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM orders WHERE id = :id FOR UPDATE").bind("id", id).map(this::row).one();
    }

    /** The order's row with its lines and parts read. */
    public Mono<Order> withLinesAndParts(Order row) {
        return withItems(row);
    }

    public Mono<Order> findByReference(String reference) {
        return db.sql("SELECT " + COLUMNS + " FROM orders WHERE reference = :r").bind("r", reference).map(this::row).one()
            .flatMap(this::withItems);
    }

    public Mono<Order> findByKey(UUID userId, String key) {
        return db.sql("SELECT " + COLUMNS + " FROM orders WHERE user_id = :u AND idempotency_key = :k")
            .bind("u", userId)
            .bind("k", key)
            .map(this::row)
            .one()
            .flatMap(this::withItems);
    }

    private Mono<Order> load(String sql, UUID id) {
        return db.sql(sql).bind("id", id).map(this::row).one().flatMap(this::withItems);
    }

    private Mono<Order> withItems(Order order) {
        return withItems(List.of(order)).next();
    }

    /**
     * The orders with their lines and parts, in the order given: one query for all their lines and
     * one for all their parts, however many orders (a page of 50 is 2 queries, not 100).
     */
    private Flux<Order> withItems(List<Order> orders) {
        if (orders.isEmpty()) {
            return Flux.empty();
        }
        UUID[] ids = orders.stream().map(Order::id).toArray(UUID[]::new);
        Mono<Map<UUID, List<Order.Item>>> lines = db.sql("""
                SELECT order_id, product_id, variant_id, vendor_id, name, sku, unit_price, quantity, line_total
                FROM order_items WHERE order_id = ANY(:ids) ORDER BY order_id, line""")
            .bind("ids", ids)
            .map((row, meta) -> Map.entry(row.get("order_id", UUID.class), new Order.Item(row.get("product_id", UUID.class),
                    row.get("variant_id", UUID.class),
                    row.get("vendor_id", UUID.class), row.get("name", String.class), row.get("sku", String.class),
                    row.get("unit_price", BigDecimal.class), row.get("quantity", Integer.class),
                    row.get("line_total", BigDecimal.class))))
            .all()
            .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
            .map(OrderRepository::asLists);
        Mono<Map<UUID, List<Order.Fulfilment>>> parts = db.sql("""
                SELECT order_id, vendor_id, status, carrier, tracking_number, shipped_at, delivered_at, cancelled_at, refund_amount
                FROM order_fulfilments WHERE order_id = ANY(:ids)""")
            .bind("ids", ids)
            .map((row, meta) -> Map.entry(row.get("order_id", UUID.class), new Order.Fulfilment(row.get("vendor_id", UUID.class),
                    FulfilmentStatus.valueOf(row.get("status", String.class)), row.get("carrier", String.class),
                    row.get("tracking_number", String.class), row.get("shipped_at", Instant.class),
                    row.get("delivered_at", Instant.class), row.get("cancelled_at", Instant.class),
                    row.get("refund_amount", BigDecimal.class))))
            .all()
            .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
            .map(OrderRepository::asLists);
        // One after the other: inside a transaction both run on its one connection.
        return lines.flatMapMany(items -> parts.flatMapMany(shipped -> Flux.fromIterable(orders)
            .map(order -> order.withItems(items.getOrDefault(order.id(), List.of()), shipped.getOrDefault(order.id(), List.of())))));
    }

    private static <T> Map<UUID, List<T>> asLists(Map<UUID, java.util.Collection<T>> grouped) {
        Map<UUID, List<T>> lists = new java.util.HashMap<>();
        grouped.forEach((id, values) -> lists.put(id, List.copyOf(values)));
        return lists;
    }

    /**
     * Who sees which orders in lists.
     *
     * @param userId only this customer's orders, or null
     * @param vendorId also orders with this vendor's products, or null
     */
    public record Scope(UUID userId, UUID vendorId, boolean all) {
    }

    /**
     * A page of orders, newest first, each as {@code view} shows it to the caller.
     *
     * @param awaitingShipment only confirmed or partly shipped orders with a part still to ship: the
     *        scope's vendor's own part when it has one, else any part
     */
    public Mono<PageQuery.Page<Order.View>> list(Scope scope, OrderStatus status, String reference, Instant from, Instant to,
            boolean awaitingShipment, PageQuery page, Function<Order, Order.View> view) {
        List<String> where = new ArrayList<>();
        Map<String, Object> binds = new java.util.LinkedHashMap<>();
        if (!scope.all()) {
            List<String> any = new ArrayList<>();
            if (scope.userId() != null) {
                any.add("user_id = :user");
                binds.put("user", scope.userId());
            }
            if (scope.vendorId() != null) {
                any.add("id IN (SELECT order_id FROM order_items WHERE vendor_id = :vendor)");
                binds.put("vendor", scope.vendorId());
            }
            where.add(any.isEmpty() ? "false" : "(" + String.join(" OR ", any) + ")");
        }
        if (status != null) {
            where.add("status = :status");
            binds.put("status", status.name());
        }
        if (awaitingShipment) {
            where.add("status IN ('CONFIRMED', 'PARTIALLY_SHIPPED')");
            where.add(scope.vendorId() != null && !scope.all()
                    ? "id IN (SELECT order_id FROM order_items WHERE vendor_id = :vendor) AND NOT EXISTS (SELECT 1 FROM "
                            + "order_fulfilments f WHERE f.order_id = orders.id AND f.vendor_id = :vendor)"
                    : "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = orders.id AND NOT EXISTS (SELECT 1 FROM "
                            + "order_fulfilments f WHERE f.order_id = i.order_id AND f.vendor_id IS NOT DISTINCT FROM i.vendor_id))");
        }
        if (reference != null) {
            where.add("reference = :reference");
            binds.put("reference", reference);
        }
        if (from != null) {
            where.add("created_at >= :from");
            binds.put("from", from);
        }
        if (to != null) {
            where.add("created_at < :to");
            binds.put("to", to);
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        var count = db.sql("SELECT count(*) FROM orders" + filter);
        var select = db.sql("SELECT " + COLUMNS + " FROM orders" + filter
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
        for (var e : binds.entrySet()) {
            count = count.bind(e.getKey(), e.getValue());
            select = select.bind(e.getKey(), e.getValue());
        }
        Mono<Long> total = count.map((row, meta) -> row.get(0, Long.class)).one();
        Mono<List<Order.View>> items = select.bind("limit", page.size())
            .bind("offset", page.offset())
            .map(this::row)
            .all()
            .collectList()
            .flatMapMany(this::withItems)
            .map(view)
            .collectList();
        return Mono.zip(items, total).map(t -> page.page(t.getT1(), t.getT2()));
    }

    /**
     * Records what was refunded of the order's payment, as payment-svc last reported it; never lowers
     * it, so a late or redelivered event changes nothing. In the caller's transaction.
     */
    public Mono<Void> recordRefunded(UUID orderId, BigDecimal totalRefunded) {
        return db.sql("UPDATE orders SET refunded = GREATEST(refunded, LEAST(:r, total)) WHERE id = :id")
            .bind("r", totalRefunded)
            .bind("id", orderId)
            .then();
    }

    /** One refund of the order's payment, for its credit note. */
    public record Refund(UUID refundId, BigDecimal amount, String reason, Instant refundedAt) {
    }

    /** Keeps one refund of the order's payment; the same refund again adds nothing. In the caller's transaction. */
    public Mono<Void> recordRefund(UUID orderId, UUID paymentId, UUID refundId, BigDecimal amount, String reason, Instant at) {
        return db.sql("""
                INSERT INTO order_refunds (refund_id, order_id, payment_id, amount, reason, refunded_at)
                VALUES (:refund, :order, :payment, :amount, :reason, :at) ON CONFLICT (refund_id) DO NOTHING""")
            .bind("refund", refundId)
            .bind("order", orderId)
            .bind("payment", paymentId)
            .bind("amount", amount)
            .bind("reason", SqlValues.orNull(reason, String.class))
            .bind("at", at)
            .then();
    }

    /** The order's refunds, oldest first. */
    public Flux<Refund> refunds(UUID orderId) {
        return db.sql("SELECT refund_id, amount, reason, refunded_at FROM order_refunds WHERE order_id = :o ORDER BY refunded_at, refund_id")
            .bind("o", orderId)
            .map((row, meta) -> new Refund(row.get("refund_id", UUID.class), row.get("amount", BigDecimal.class),
                    row.get("reason", String.class), row.get("refunded_at", Instant.class)))
            .all();
    }

    /**
     * Sends a refunded order that never shipped through the saga's release step, which returns its
     * stock to the shelf; recovery picks it up once the caller commits (with
     * {@link Compensations#recoverAfterCommit}). A part cancellation still settling is taken over:
     * the release returns its lines too, and its money went back with the rest. In the caller's
     * transaction.
     */
    public Mono<Void> scheduleRestock(UUID orderId) {
        return db.sql("""
                UPDATE orders SET saga_step = 'release', saga_outcome = 'REFUNDED', saga_attempts = 0, saga_lease_until = NULL
                WHERE id = :id AND saga_step IN ('done', 'refund_parts')""")
            .bind("id", orderId)
            .then();
    }

    /**
     * Hands an order's cancelled parts' refunds and restocks to recovery (no lease), unless another
     * step still runs: that one goes on to them once the money is back. In the caller's transaction.
     */
    public Mono<Void> schedulePartRefunds(UUID orderId) {
        return db.sql("""
                UPDATE orders SET saga_step = 'refund_parts', saga_attempts = 0, saga_last_error = NULL, saga_lease_until = NULL
                WHERE id = :id AND saga_step IN ('done', 'refund_parts')""")
            .bind("id", orderId)
            .then();
    }

    /** One entry of an order's status history. */
    public record HistoryEntry(OrderStatus from, OrderStatus to, String actor, String reason, Instant at) {
    }

    public Flux<HistoryEntry> history(UUID orderId) {
        return db.sql("""
                SELECT from_status, to_status, actor, reason, created_at FROM order_status_history
                WHERE order_id = :o ORDER BY created_at, id""")
            .bind("o", orderId)
            .map((row, meta) -> new HistoryEntry(status(row.get("from_status", String.class)),
                    status(row.get("to_status", String.class)),
                    row.get("actor", String.class), row.get("reason", String.class), row.get("created_at", Instant.class)))
            .all();
    }

    /**
     * Whether the user has an order containing the product (and, when {@code variantId} is given,
     * that variant of it) that was paid and not undone.
     */
    public Mono<Boolean> purchased(UUID userId, UUID productId, UUID variantId) {
        return db.sql("""
                SELECT EXISTS (SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id
                WHERE o.user_id = :u AND i.product_id = :p AND (CAST(:v AS uuid) IS NULL OR i.variant_id = :v)
                    AND o.status IN ('CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED')
                    AND NOT EXISTS (SELECT 1 FROM order_fulfilments f WHERE f.order_id = o.id
                        AND f.vendor_id IS NOT DISTINCT FROM i.vendor_id AND f.status = 'CANCELLED'))""")
            .bind("u", userId)
            .bind("p", productId)
            .bind("v", SqlValues.orNull(variantId, UUID.class))
            .map((row, meta) -> row.get(0, Boolean.class))
            .one();
    }

    /** An order's row, read with {@link #COLUMNS}; without its lines and parts. */
    public Order row(Readable row) {
        return new Order(row.get("id", UUID.class), row.get("reference", String.class), row.get("user_id", UUID.class),
                status(row.get("status", String.class)),
                row.get("status_reason", String.class), row.get("failure_code", String.class),
                row.get("currency", String.class), row.get("subtotal", BigDecimal.class),
                row.get("shipping", BigDecimal.class), row.get("total", BigDecimal.class),
                json.readValue(row.get("shipping_address", String.class), Order.ShippingAddress.class),
                row.get("payment_method", String.class), row.get("payment_id", UUID.class),
                row.get("idempotency_key", String.class), row.get("request_hash", String.class),
                SagaStep.ofColumn(row.get("saga_step", String.class)), status(row.get("saga_outcome", String.class)),
                row.get("refunded", BigDecimal.class), row.get("created_at", Instant.class), row.get("updated_at", Instant.class), List.of(),
                List.of());
    }

    private static OrderStatus status(String stored) {
        return stored == null ? null : OrderStatus.valueOf(stored);
    }
}
