package dev.agora.inventory.stock;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.LowStock;
import dev.agora.defaults.events.types.StockChanged;

/**
 * The only writer of {@code stock} and {@code stock_levels}: every change is a conditional update of
 * the product's total and of the level at a location, neither of which can take available below
 * zero, an audit row naming the location, and the events the change causes. The total always equals
 * the sum of the levels. Callers run it inside their transaction.
 */
@Component
public class StockLedger {

    /** Kinds of movement, as stored in the audit trail. */
    public enum Kind {
        SET, ADJUST, RESERVE, COMMIT, RELEASE, RESTOCK, EXPIRE;

        String column() {
            return name().toLowerCase();
        }
    }

    private static final String COLUMNS = "product_id, vendor_id, on_hand, reserved, low_stock_threshold, version, updated_at";
    private static final String LEVELS = "SELECT l.location_id, loc.name, loc.kind, loc.country, l.on_hand, l.reserved"
            + " FROM stock_levels l JOIN locations loc ON loc.id = l.location_id";
    /** The product's total moved by the deltas, only if on hand, reserved and available stay non-negative. */
    private static final String MOVE_TOTAL = """
            UPDATE stock SET on_hand = on_hand + :dOnHand, reserved = reserved + :dReserved,
                version = version + 1, updated_at = :now
            WHERE product_id = :id AND on_hand + :dOnHand >= 0 AND reserved + :dReserved >= 0
                AND on_hand + :dOnHand >= reserved + :dReserved
            RETURNING\s""" + COLUMNS + "\n";
    /** The head of the audit trail's insert; a movement names its location and the product's totals after it. */
    private static final String MOVEMENT = """
            INSERT INTO stock_movements (id, product_id, location_id, kind, on_hand_delta, reserved_delta, on_hand_after,
                reserved_after, reason, actor, order_id, created_at)
            """;

    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final Clock clock;

    StockLedger(DatabaseClient db, OutboxWriter outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Stock> find(UUID productId) {
        return db.sql("SELECT " + COLUMNS + " FROM stock WHERE product_id = :id")
            .bind("id", productId)
            .map(StockLedger::map)
            .one();
    }

    /** Locks the row for the rest of the transaction. */
    Mono<Stock> lock(UUID productId) {
        return db.sql("SELECT " + COLUMNS + " FROM stock WHERE product_id = :id FOR UPDATE")
            .bind("id", productId)
            .map(StockLedger::map)
            .one();
    }

    /** Creates an empty record if there is none; emits the record. */
    Mono<Stock> ensure(UUID productId, UUID vendorId, int lowStockThreshold) {
        var insert = db.sql("""
                INSERT INTO stock (product_id, vendor_id, on_hand, reserved, low_stock_threshold, updated_at)
                VALUES (:id, :vendor, 0, 0, :threshold, :now) ON CONFLICT (product_id) DO NOTHING""");
        insert = insert.bind("vendor", SqlValues.orNull(vendorId, UUID.class));
        return insert.bind("id", productId)
            .bind("threshold", lowStockThreshold)
            .bind("now", now())
            .then()
            .then(lock(productId));
    }

    Mono<Stock> setThreshold(UUID productId, int threshold) {
        return db.sql("UPDATE stock SET low_stock_threshold = :t, version = version + 1, updated_at = :now"
                + " WHERE product_id = :id RETURNING " + COLUMNS)
            .bind("t", threshold)
            .bind("now", now())
            .bind("id", productId)
            .map(StockLedger::map)
            .one();
    }

    /**
     * Applies the deltas at one location, and to the product's total, if the result keeps on hand,
     * reserved and available non-negative at both; emits the new total, or nothing if the change is
     * not possible (or there is no record). On nothing the total may have moved: the caller fails its
     * transaction, as every caller does.
     */
    public Mono<Stock> move(UUID productId, UUID locationId, Kind kind, int onHandDelta, int reservedDelta, String reason,
            String actor, UUID orderId) {
        // One round trip for the total, the level and the audit row. The level's gate on the total
        // makes PostgreSQL update the total first: its row lock orders every change of a product's
        // stock, wherever it is. The audit row is written only where both moved.
        var statement = db.sql("WITH total AS (" + MOVE_TOTAL + """
                ), level AS (
                    UPDATE stock_levels SET on_hand = on_hand + :dOnHand, reserved = reserved + :dReserved
                    WHERE product_id = :id AND location_id = :location AND on_hand + :dOnHand >= 0
                        AND reserved + :dReserved >= 0 AND on_hand + :dOnHand >= reserved + :dReserved
                        AND EXISTS (SELECT FROM total)
                    RETURNING location_id
                ), movement AS (
                """ + MOVEMENT + """
                    SELECT :movement, total.product_id, level.location_id, :kind, :dOnHand, :dReserved, total.on_hand,
                        total.reserved, :reason, :actor, :order, :now
                    FROM total CROSS JOIN level
                )
                SELECT total.*, EXISTS (SELECT FROM level) AS level_moved FROM total""");
        statement = statement.bind("reason", SqlValues.orNull(reason, String.class));
        statement = statement.bind("order", SqlValues.orNull(orderId, UUID.class));
        return statement.bind("dOnHand", onHandDelta)
            .bind("dReserved", reservedDelta)
            .bind("now", now())
            .bind("id", productId)
            .bind("location", locationId)
            .bind("movement", Uuids.v7())
            .bind("kind", kind.column())
            .bind("actor", actor)
            .map(row -> new Moved(map(row), Boolean.TRUE.equals(row.get("level_moved", Boolean.class))))
            .one()
            .filter(Moved::atLocation)
            .map(Moved::after)
            .flatMap(after -> events(after, kind, after.available() - onHandDelta + reservedDelta).thenReturn(after));
    }

    /** A moved total, and whether the location moved with it. */
    private record Moved(Stock after, boolean atLocation) {
    }

    /**
     * Reserves {@code quantity} units of a product, taken from its locations by the documented rule:
     * those in the shipping country first, then the fullest, then the oldest. Emits where they were
     * taken from, or nothing if the product has fewer available in total.
     */
    public Mono<List<Allocation>> reserve(UUID productId, int quantity, String shipToCountry, String actor, UUID orderId) {
        return moveTotal(productId, 0, quantity)
            .flatMap(after -> db.sql("""
                    SELECT l.location_id, l.on_hand - l.reserved AS available FROM stock_levels l
                    JOIN locations loc ON loc.id = l.location_id
                    WHERE l.product_id = :id AND l.on_hand > l.reserved
                    ORDER BY loc.archived_at IS NULL DESC, (loc.country = :country) IS TRUE DESC,
                        l.on_hand - l.reserved DESC, loc.created_at, loc.id""")
                .bind("id", productId)
                .bind("country", SqlValues.orNull(shipToCountry, String.class))
                .map((row, meta) -> new Allocation(row.get("location_id", UUID.class), row.get("available", Integer.class)))
                .all()
                .collectList()
                .flatMap(candidates -> {
                    List<Allocation> taken = take(candidates, quantity, productId);
                    int reservedBefore = after.reserved() - quantity;
                    List<Mono<Void>> writes = new ArrayList<>();
                    int sofar = 0;
                    for (Allocation allocation : taken) {
                        sofar += allocation.quantity();
                        writes.add(reserveAt(after, allocation, reservedBefore + sofar, actor, orderId));
                    }
                    return Flux.concat(writes)
                        .then(events(after, Kind.RESERVE, after.available() + quantity))
                        .thenReturn(taken);
                }));
    }

    private static List<Allocation> take(List<Allocation> candidates, int quantity, UUID productId) {
        List<Allocation> taken = new ArrayList<>();
        int left = quantity;
        for (Allocation candidate : candidates) {
            if (left == 0) {
                break;
            }
            int units = Math.min(left, candidate.quantity());
            taken.add(new Allocation(candidate.locationId(), units));
            left -= units;
        }
        if (left > 0) {
            // The total said yes, the locations cannot: the two disagree, which no writer here allows.
            throw new IllegalStateException("the locations of " + productId + " hold less than its total");
        }
        return taken;
    }

    /** Takes the allocation's units at its location and records the movement, in one round trip. */
    private Mono<Void> reserveAt(Stock after, Allocation allocation, int reservedAfter, String actor, UUID orderId) {
        return db.sql("""
                WITH level AS (
                    UPDATE stock_levels SET reserved = reserved + :q
                    WHERE product_id = :id AND location_id = :location AND on_hand >= reserved + :q
                    RETURNING product_id, location_id
                )
                """ + MOVEMENT + """
                SELECT :movement, product_id, location_id, 'reserve', 0, :q, :onHand, :reserved, NULL, :actor, :order, :now
                FROM level""")
            .bind("q", allocation.quantity())
            .bind("id", after.productId())
            .bind("location", allocation.locationId())
            .bind("movement", Uuids.v7())
            .bind("onHand", after.onHand())
            .bind("reserved", reservedAfter)
            .bind("actor", actor)
            .bind("order", orderId)
            .bind("now", now())
            .fetch()
            .rowsUpdated()
            .filter(rows -> rows == 1)
            .switchIfEmpty(Mono.error(() -> new IllegalStateException("the level of " + after.productId() + " at "
                    + allocation.locationId() + " changed under its total's lock")))
            .then();
    }

    /** The product's stock at each location that ever held it, fullest first. */
    public Flux<Stock.Level> levels(UUID productId) {
        return db.sql(LEVELS + " WHERE l.product_id = :id AND (loc.archived_at IS NULL OR l.on_hand > 0)"
                + " ORDER BY l.on_hand - l.reserved DESC, loc.created_at, loc.id")
            .bind("id", productId)
            .map(StockLedger::mapLevel)
            .all();
    }

    /** The product's stock at one location; an empty level there if it never held any. */
    public Mono<Stock.Level> ensureLevel(UUID productId, UUID locationId) {
        return db.sql("""
                INSERT INTO stock_levels (product_id, location_id, on_hand, reserved) VALUES (:id, :location, 0, 0)
                ON CONFLICT (product_id, location_id) DO NOTHING""")
            .bind("id", productId)
            .bind("location", locationId)
            .then()
            .then(db.sql(LEVELS + " WHERE l.product_id = :id AND l.location_id = :location")
                .bind("id", productId)
                .bind("location", locationId)
                .map(StockLedger::mapLevel)
                .one());
    }

    private Mono<Stock> moveTotal(UUID productId, int onHandDelta, int reservedDelta) {
        return db.sql(MOVE_TOTAL)
            .bind("dOnHand", onHandDelta)
            .bind("dReserved", reservedDelta)
            .bind("now", now())
            .bind("id", productId)
            .map(StockLedger::map)
            .one();
    }

    /**
     * {@code inventory.low_stock} when available falls below the threshold; {@code
     * inventory.stock_changed} when a product goes in or out of stock, and on every manual change
     * (product-svc's {@code inStock} filter follows it).
     */
    private Mono<Void> events(Stock after, Kind kind, int availableBefore) {
        Mono<Void> lowStock = Mono.empty();
        if (after.available() < after.lowStockThreshold() && availableBefore >= after.lowStockThreshold()) {
            lowStock = outbox.append(EventTypes.INVENTORY_LOW_STOCK, after.productId(),
                    new LowStock(after.productId(), after.vendorId(), after.available(), after.lowStockThreshold())).then();
        }
        boolean flipped = (availableBefore > 0) != (after.available() > 0);
        Mono<Void> changed = Mono.empty();
        if (flipped || kind == Kind.SET || kind == Kind.ADJUST) {
            changed = outbox.append(EventTypes.INVENTORY_STOCK_CHANGED, after.productId(),
                    new StockChanged(after.productId(), after.available(), after.available() > 0)).then();
        }
        return lowStock.then(changed);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Stock map(Readable row) {
        return new Stock(row.get("product_id", UUID.class), row.get("vendor_id", UUID.class),
                row.get("on_hand", Integer.class), row.get("reserved", Integer.class),
                row.get("low_stock_threshold", Integer.class), row.get("version", Long.class),
                row.get("updated_at", Instant.class));
    }

    private static Stock.Level mapLevel(Readable row) {
        return new Stock.Level(row.get("location_id", UUID.class), row.get("name", String.class), row.get("kind", String.class),
                row.get("country", String.class), row.get("on_hand", Integer.class), row.get("reserved", Integer.class));
    }
}
