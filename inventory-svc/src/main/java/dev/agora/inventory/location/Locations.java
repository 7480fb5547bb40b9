package dev.agora.inventory.location;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;

/** The SQL of locations; archived ones are invisible to every read here. */
@Repository
class Locations {

    private static final String COLUMNS = "id, vendor_id, name, kind, country, version, created_at, updated_at";
    private static final String ACTIVE = " archived_at IS NULL";

    private final DatabaseClient db;

    Locations(DatabaseClient db) {
        this.db = db;
    }

    Mono<Location> find(UUID id) {
        return byId(id, "");
    }

    /**
     * The location, share-locked for the rest of the transaction: archiving it waits for the
     * change that holds it, and a change waiting on an archive finds it gone.
     */
    Mono<Location> findShared(UUID id) {
        return byId(id, " FOR SHARE");
    }

    Mono<Location> lock(UUID id) {
        return byId(id, " FOR UPDATE");
    }

    private Mono<Location> byId(UUID id, String lockClause) {
        return db.sql("SELECT " + COLUMNS + " FROM locations WHERE id = :id AND" + ACTIVE + lockClause)
            .bind("id", id)
            .map(Locations::map)
            .one();
    }

    /**
     * Locks every active location of a vendor, in id order (so two removals of one vendor's locations
     * cannot deadlock); the second waits, then counts what the first left.
     */
    Flux<Location> lockAll(UUID vendorId) {
        return db.sql("SELECT " + COLUMNS + " FROM locations WHERE vendor_id IS NOT DISTINCT FROM :vendor AND" + ACTIVE
                + " ORDER BY id FOR UPDATE")
            .bind("vendor", SqlValues.orNull(vendorId, UUID.class))
            .map(Locations::map)
            .all();
    }

    /** A vendor's oldest location (the platform's own for a null vendor). */
    Mono<Location> primary(UUID vendorId) {
        return db.sql("SELECT " + COLUMNS + " FROM locations WHERE vendor_id IS NOT DISTINCT FROM :vendor AND" + ACTIVE
                + " ORDER BY created_at, id LIMIT 1 FOR SHARE")
            .bind("vendor", SqlValues.orNull(vendorId, UUID.class))
            .map(Locations::map)
            .one();
    }

    /** One vendor's (when {@code all} is false) or everyone's locations, by vendor, then oldest first. */
    Flux<Location> list(boolean all, UUID vendorId, int limit, long offset) {
        return db.sql("SELECT " + COLUMNS + " FROM locations WHERE" + ACTIVE
                + " AND (:all OR vendor_id IS NOT DISTINCT FROM :vendor) ORDER BY vendor_id NULLS FIRST, created_at, id"
                + " LIMIT :limit OFFSET :offset")
            .bind("all", all)
            .bind("vendor", SqlValues.orNull(vendorId, UUID.class))
            .bind("limit", limit)
            .bind("offset", offset)
            .map(Locations::map)
            .all();
    }

    Mono<Long> count(boolean all, UUID vendorId) {
        return db.sql("SELECT count(*) AS n FROM locations WHERE" + ACTIVE
                + " AND (:all OR vendor_id IS NOT DISTINCT FROM :vendor)")
            .bind("all", all)
            .bind("vendor", SqlValues.orNull(vendorId, UUID.class))
            .map((row, meta) -> row.get("n", Long.class))
            .one();
    }

    /** Inserts the location unless its vendor already has an active one of that name; emits whether it did. */
    Mono<Boolean> insert(Location location) {
        return db.sql("""
                INSERT INTO locations (id, vendor_id, name, kind, country, created_at, updated_at)
                VALUES (:id, :vendor, :name, :kind, :country, :now, :now) ON CONFLICT DO NOTHING""")
            .bind("id", location.id())
            .bind("vendor", SqlValues.orNull(location.vendorId(), UUID.class))
            .bind("name", location.name())
            .bind("kind", location.kind().value())
            .bind("country", SqlValues.orNull(location.country(), String.class))
            .bind("now", location.createdAt())
            .fetch()
            .rowsUpdated()
            .map(rows -> rows > 0);
    }

    Mono<Location> update(UUID id, String name, LocationKind kind, String country, Instant now) {
        return db.sql("UPDATE locations SET name = :name, kind = :kind, country = :country, version = version + 1,"
                + " updated_at = :now WHERE id = :id AND" + ACTIVE + " RETURNING " + COLUMNS)
            .bind("id", id)
            .bind("name", name)
            .bind("kind", kind.value())
            .bind("country", SqlValues.orNull(country, String.class))
            .bind("now", now)
            .map(Locations::map)
            .one();
    }

    /** Whether any product has units on hand or reserved there. */
    Mono<Boolean> holdsStock(UUID id) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM stock_levels WHERE location_id = :id AND (on_hand > 0 OR reserved > 0)) AS held")
            .bind("id", id)
            .map((row, meta) -> Boolean.TRUE.equals(row.get("held", Boolean.class)))
            .one();
    }

    Mono<Void> archive(UUID id, Instant now) {
        return db.sql("UPDATE locations SET archived_at = :now, updated_at = :now, version = version + 1 WHERE id = :id")
            .bind("id", id)
            .bind("now", now)
            .then();
    }

    private static Location map(Readable row) {
        return new Location(row.get("id", UUID.class), row.get("vendor_id", UUID.class), row.get("name", String.class),
                LocationKind.of(row.get("kind", String.class)), row.get("country", String.class),
                row.get("version", Long.class), row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
