package dev.agora.inventory.stock;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of stock the API answers with: availability of many products, and the movement trail. */
@Repository
class StockQueries {

    private final DatabaseClient db;

    StockQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Units available (on hand minus reserved) of each product that has stock; others are absent. */
    Mono<Map<UUID, Integer>> available(List<UUID> productIds) {
        return db.sql("SELECT product_id, on_hand - reserved AS available FROM stock WHERE product_id = ANY(:ids)")
            .bind("ids", productIds.toArray(UUID[]::new))
            .map((row, meta) -> Map.entry(row.get("product_id", UUID.class), row.get("available", Integer.class)))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /** A page of the product's movements, newest first. */
    Flux<StockController.Movement> movements(UUID productId, int limit, long offset) {
        return db.sql("""
                SELECT id, kind, location_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, reason, actor, order_id,
                    created_at
                FROM stock_movements WHERE product_id = :id ORDER BY created_at DESC, id DESC
                LIMIT :limit OFFSET :offset""")
            .bind("id", productId)
            .bind("limit", limit)
            .bind("offset", offset)
            .map((row, meta) -> new StockController.Movement(row.get("id", UUID.class), row.get("kind", String.class),
                    row.get("location_id", UUID.class),
                    row.get("on_hand_delta", Integer.class), row.get("reserved_delta", Integer.class),
                    row.get("on_hand_after", Integer.class), row.get("reserved_after", Integer.class),
                    row.get("reason", String.class), row.get("actor", String.class), row.get("order_id", UUID.class),
                    row.get("created_at", Instant.class)))
            .all();
    }

    Mono<Long> movementCount(UUID productId) {
        return db.sql("SELECT count(*) AS n FROM stock_movements WHERE product_id = :id").bind("id", productId)
            .map((row, meta) -> row.get("n", Long.class)).one();
    }
}
