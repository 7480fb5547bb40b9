package dev.agora.product.stock;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.product.cache.CatalogCache;
import java.util.Objects;
import dev.agora.defaults.events.types.StockChanged;

/**
 * Keeps the availability behind the {@code inStock} filter in step with inventory-svc. Events of
 * one product are applied in the order they happened; an older one arriving late changes nothing.
 */
@Component
class StockChangedHandler {

    private final DatabaseClient db;
    private final CatalogCache cache;

    StockChangedHandler(DatabaseClient db, CatalogCache cache) {
        this.db = db;
        this.cache = cache;
    }

    Mono<Void> handle(ReceivedEvent event) {
        StockChanged stock = event.data(StockChanged.class);
        UUID product = Objects.requireNonNull(stock.productId(), "productId");
        int available = stock.available();
        return db.sql("""
                INSERT INTO product_stock (product_id, available, as_of) VALUES (:id, :available, :asOf)
                ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, as_of = EXCLUDED.as_of
                WHERE product_stock.as_of < EXCLUDED.as_of""")
            .bind("id", product)
            .bind("available", available)
            .bind("asOf", event.occurredAt())
            .fetch()
            .rowsUpdated()
            // Cached listings filtered by inStock may now be wrong. Cleared after the commit: cleared
            // before it, a listing read in between would cache the old stock as the new truth.
            .flatMap(changed -> changed > 0 ? cache.invalidateAfterCommit() : Mono.empty());
    }
}
