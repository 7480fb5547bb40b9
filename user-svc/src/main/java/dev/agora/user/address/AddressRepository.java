package dev.agora.user.address;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;

/** The {@code addresses} table. Every read and write names the owner, so no query reaches another user's. */
@Repository
class AddressRepository {

    private static final String COLUMNS = """
            id, user_id, label, name, line1, line2, city, region, postal_code, country, is_default, created_at, updated_at""";

    private final DatabaseClient db;

    AddressRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<Address> list(UUID userId) {
        return db.sql("SELECT " + COLUMNS + " FROM addresses WHERE user_id = :u ORDER BY is_default DESC, created_at, id")
            .bind("u", userId).map(AddressRepository::map).all();
    }

    Mono<Address> find(UUID userId, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM addresses WHERE user_id = :u AND id = :id")
            .bind("u", userId).bind("id", id).map(AddressRepository::map).one();
    }

    /** The user's address count, after taking the user's row lock: changes to one address book take turns. */
    Mono<Long> lockAndCount(UUID userId) {
        return db.sql("SELECT id FROM users WHERE id = :u FOR UPDATE").bind("u", userId).then()
            .then(db.sql("SELECT count(*) AS n FROM addresses WHERE user_id = :u").bind("u", userId)
                .map(row -> row.get("n", Long.class)).one());
    }

    Mono<Address> insert(Address a) {
        var spec = db.sql("""
                INSERT INTO addresses (id, user_id, label, name, line1, line2, city, region, postal_code, country, is_default,
                    created_at, updated_at)
                VALUES (:id, :u, :label, :name, :line1, :line2, :city, :region, :postal, :country, :default, :now, :now)
                RETURNING\s""" + COLUMNS)
            .bind("id", a.id()).bind("u", a.userId()).bind("name", a.name()).bind("line1", a.line1())
            .bind("city", a.city()).bind("postal", a.postalCode()).bind("country", a.country())
            .bind("default", a.isDefault()).bind("now", a.createdAt());
        spec = spec.bind("label", SqlValues.orNull(a.label(), String.class));
        spec = spec.bind("line2", SqlValues.orNull(a.line2(), String.class));
        spec = spec.bind("region", SqlValues.orNull(a.region(), String.class));
        return spec.map(AddressRepository::map).one();
    }

    Mono<Address> update(UUID userId, UUID id, AddressRequest r, Instant now) {
        var spec = db.sql("""
                UPDATE addresses SET label = :label, name = :name, line1 = :line1, line2 = :line2, city = :city,
                    region = :region, postal_code = :postal, country = :country, updated_at = :now
                WHERE user_id = :u AND id = :id
                RETURNING\s""" + COLUMNS)
            .bind("u", userId).bind("id", id).bind("name", r.name()).bind("line1", r.line1()).bind("city", r.city())
            .bind("postal", r.postalCode()).bind("country", r.country()).bind("now", now);
        spec = spec.bind("label", SqlValues.orNull(r.label(), String.class));
        spec = spec.bind("line2", SqlValues.orNull(r.line2(), String.class));
        spec = spec.bind("region", SqlValues.orNull(r.region(), String.class));
        return spec.map(AddressRepository::map).one();
    }

    /** Makes this address the user's default and no other. */
    Mono<Void> makeDefault(UUID userId, UUID id) {
        return db.sql("UPDATE addresses SET is_default = false WHERE user_id = :u AND is_default AND id <> :id")
            .bind("u", userId).bind("id", id).then()
            .then(db.sql("UPDATE addresses SET is_default = true WHERE user_id = :u AND id = :id")
                .bind("u", userId).bind("id", id).then());
    }

    /** Deletes the address; emits whether it was the default, or nothing when the user has no such address. */
    Mono<Boolean> delete(UUID userId, UUID id) {
        return db.sql("DELETE FROM addresses WHERE user_id = :u AND id = :id RETURNING is_default")
            .bind("u", userId).bind("id", id).map(row -> row.get("is_default", Boolean.class)).one();
    }

    /** The oldest remaining address becomes the default, if there is one. */
    Mono<Void> promoteOldest(UUID userId) {
        return db.sql("""
                UPDATE addresses SET is_default = true
                WHERE id = (SELECT id FROM addresses WHERE user_id = :u ORDER BY created_at, id LIMIT 1)""")
            .bind("u", userId).then();
    }

    private static Address map(Readable r) {
        return new Address(r.get("id", UUID.class), r.get("user_id", UUID.class), r.get("label", String.class),
                r.get("name", String.class), r.get("line1", String.class), r.get("line2", String.class),
                r.get("city", String.class), r.get("region", String.class), r.get("postal_code", String.class),
                r.get("country", String.class), Boolean.TRUE.equals(r.get("is_default", Boolean.class)),
                r.get("created_at", Instant.class), r.get("updated_at", Instant.class));
    }
}
