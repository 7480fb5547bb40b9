package dev.agora.notification.events;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The low-stock alerts waiting for their vendor's digest (db/migration V6), and when each vendor last had one. */
@Repository
class LowStockDigestQueue {

    /** A stock item's latest low level, as queued. */
    record Item(UUID itemId, int available, int threshold, Instant noticedAt) {
    }

    private final DatabaseClient db;

    LowStockDigestQueue(DatabaseClient db) {
        this.db = db;
    }

    /** Queues an item's level, replacing the one it had queued: a digest lists each item once, as it is now. */
    Mono<Void> add(UUID vendor, UUID item, int available, int threshold, Instant now) {
        return db.sql("""
                INSERT INTO low_stock_digest_items (vendor_id, item_id, available, threshold, first_noticed_at, noticed_at)
                VALUES (:vendor, :item, :available, :threshold, :now, :now)
                ON CONFLICT (vendor_id, item_id) DO UPDATE
                SET available = EXCLUDED.available, threshold = EXCLUDED.threshold, noticed_at = EXCLUDED.noticed_at""")
            .bind("vendor", vendor)
            .bind("item", item)
            .bind("available", available)
            .bind("threshold", threshold)
            .bind("now", now)
            .then();
    }

    /**
     * Vendors whose digest is due: their first waiting alert is at least as old as {@code settled}
     * and their last digest no newer than {@code lastSentBefore}.
     */
    Flux<UUID> due(Instant settled, Instant lastSentBefore, int limit) {
        return db.sql("""
                SELECT i.vendor_id FROM low_stock_digest_items i
                LEFT JOIN low_stock_digests_sent s ON s.vendor_id = i.vendor_id
                WHERE s.sent_at IS NULL OR s.sent_at <= :lastSentBefore
                GROUP BY i.vendor_id HAVING min(i.first_noticed_at) <= :settled
                ORDER BY min(i.first_noticed_at) LIMIT :limit""")
            .bind("settled", settled)
            .bind("lastSentBefore", lastSentBefore)
            .bind("limit", limit)
            .map((row, meta) -> row.get("vendor_id", UUID.class))
            .all();
    }

    /** The vendor's waiting items, the lowest first. */
    Flux<Item> items(UUID vendor) {
        return db.sql("""
                SELECT item_id, available, threshold, noticed_at FROM low_stock_digest_items WHERE vendor_id = :vendor
                ORDER BY available, item_id""")
            .bind("vendor", vendor)
            .map((row, meta) -> new Item(row.get("item_id", UUID.class), row.get("available", Integer.class),
                    row.get("threshold", Integer.class), row.get("noticed_at", Instant.class)))
            .all();
    }

    /**
     * Records a digest to the vendor now, unless one was sent after {@code lastSentBefore} (by another
     * instance, meanwhile): emits whether this caller may send it. Holds the vendor's row until commit.
     */
    Mono<Boolean> claim(UUID vendor, Instant now, Instant lastSentBefore) {
        return db.sql("""
                INSERT INTO low_stock_digests_sent (vendor_id, sent_at) VALUES (:vendor, :now)
                ON CONFLICT (vendor_id) DO UPDATE SET sent_at = EXCLUDED.sent_at
                WHERE low_stock_digests_sent.sent_at <= :lastSentBefore
                RETURNING vendor_id""")
            .bind("vendor", vendor)
            .bind("now", now)
            .bind("lastSentBefore", lastSentBefore)
            .map((row, meta) -> true)
            .one()
            .defaultIfEmpty(false);
    }

    /** Removes the levels a digest took; a level queued since ({@code noticed_at} later) waits for the next one. */
    Mono<Void> remove(UUID vendor, Instant takenUpTo) {
        return db.sql("DELETE FROM low_stock_digest_items WHERE vendor_id = :vendor AND noticed_at <= :upTo")
            .bind("vendor", vendor)
            .bind("upTo", takenUpTo)
            .then();
    }
}
