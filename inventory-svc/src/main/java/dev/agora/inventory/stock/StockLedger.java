package dev.agora.inventory.stock;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.LowStock;
import dev.agora.defaults.events.types.StockChanged;

/**
 * The only writer of {@code stock}: every change is one conditional update that cannot take
 * available below zero, an audit row, and the events the change causes. Callers run it inside
 * their transaction.
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
     * Applies the deltas if the result keeps on hand, reserved and available non-negative; emits
     * the new stock, or nothing if the change is not possible (or there is no record).
     */
    public Mono<Stock> move(UUID productId, Kind kind, int onHandDelta, int reservedDelta, String reason, String actor,
            UUID orderId) {
        return db.sql("""
                UPDATE stock SET on_hand = on_hand + :dOnHand, reserved = reserved + :dReserved,
                    version = version + 1, updated_at = :now
                WHERE product_id = :id AND on_hand + :dOnHand >= 0 AND reserved + :dReserved >= 0
                    AND on_hand + :dOnHand >= reserved + :dReserved
                RETURNING\s""" + COLUMNS)
            .bind("dOnHand", onHandDelta)
            .bind("dReserved", reservedDelta)
            .bind("now", now())
            .bind("id", productId)
            .map(StockLedger::map)
            .one()
            .flatMap(after -> audit(after, kind, onHandDelta, reservedDelta, reason, actor, orderId)
                .then(events(after, kind, after.available() - onHandDelta + reservedDelta))
                .thenReturn(after));
    }

    private Mono<Void> audit(Stock after, Kind kind, int onHandDelta, int reservedDelta, String reason, String actor,
            UUID orderId) {
        var insert = db.sql("""
                INSERT INTO stock_movements (id, product_id, kind, on_hand_delta, reserved_delta, on_hand_after,
                    reserved_after, reason, actor, order_id, created_at)
                VALUES (:id, :product, :kind, :dOnHand, :dReserved, :onHand, :reserved, :reason, :actor, :order, :now)""");
        insert = insert.bind("reason", SqlValues.orNull(reason, String.class));
        insert = insert.bind("order", SqlValues.orNull(orderId, UUID.class));
        return insert.bind("id", Uuids.v7())
            .bind("product", after.productId())
            .bind("kind", kind.column())
            .bind("dOnHand", onHandDelta)
            .bind("dReserved", reservedDelta)
            .bind("onHand", after.onHand())
            .bind("reserved", after.reserved())
            .bind("actor", actor)
            .bind("now", now())
            .then();
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
}
