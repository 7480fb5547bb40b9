package dev.agora.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;

/**
 * Users in PostgreSQL. Emails are {@code citext}: unique and matched case-insensitively.
 */
@Repository
public class UserRepository {

    private static final String COLUMNS = "id, email::text AS email, name, password_hash, roles, vendor_id, email_verified_at, created_at, updated_at, version";

    private final DatabaseClient db;

    UserRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<User> insert(User user) {
        return db.sql("""
                INSERT INTO users (id, email, name, password_hash, roles, vendor_id, email_verified_at, created_at, updated_at)
                VALUES (:id, :email, :name, :hash, :roles, :vendorId, :verified, :now, :now)""")
            .bind("id", user.id())
            .bind("email", user.email())
            .bind("name", user.name())
            .bind("hash", user.passwordHash())
            .bind("roles", user.roles().toArray(String[]::new))
            .bindNull("vendorId", UUID.class)
            .bind("verified", SqlValues.orNull(user.emailVerifiedAt(), Instant.class))
            .bind("now", user.createdAt())
            .then()
            .thenReturn(user);
    }

    public Mono<User> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id").bind("id", id).map(UserRepository::map).one();
    }

    public Mono<User> findByEmail(String email) {
        return db.sql("SELECT " + COLUMNS + " FROM users WHERE email = :email")
            .bind("email", email)
            .map(UserRepository::map)
            .one();
    }

    public Mono<User> updateName(UUID id, String name, Instant now) {
        return db.sql("UPDATE users SET name = :name, updated_at = :now, version = version + 1 WHERE id = :id RETURNING " + COLUMNS)
            .bind("id", id).bind("name", name).bind("now", now)
            .map(UserRepository::map).one();
    }

    public Mono<User> updatePassword(UUID id, String hash, Instant now) {
        return db.sql("UPDATE users SET password_hash = :hash, updated_at = :now, version = version + 1 WHERE id = :id RETURNING " + COLUMNS)
            .bind("id", id).bind("hash", hash).bind("now", now)
            .map(UserRepository::map).one();
    }

    public Mono<User> updateRoles(UUID id, List<String> roles, Instant now) {
        return db.sql("UPDATE users SET roles = :roles, updated_at = :now, version = version + 1 WHERE id = :id RETURNING " + COLUMNS)
            .bind("id", id).bind("roles", roles.toArray(String[]::new)).bind("now", now)
            .map(UserRepository::map).one();
    }

    /**
     * Records that the user proved their address, keeping the first time it was proven. Empty when
     * there is no such user.
     */
    public Mono<User> markEmailVerified(UUID id, Instant now) {
        return db.sql("""
                UPDATE users SET email_verified_at = coalesce(email_verified_at, :now), updated_at = :now, version = version + 1
                WHERE id = :id RETURNING """ + " " + COLUMNS)
            .bind("id", id).bind("now", now)
            .map(UserRepository::map).one();
    }

    /** The user, with its row locked until the transaction ends. */
    public Mono<User> lock(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id FOR UPDATE").bind("id", id)
            .map(UserRepository::map).one();
    }

    /** Adds the vendor role (once) and records the vendor the user acts for. */
    public Mono<User> grantVendor(UUID id, UUID vendorId, Instant now) {
        return db.sql("""
                UPDATE users SET roles = ARRAY(SELECT DISTINCT r FROM unnest(array_append(roles, 'vendor'::text)) AS r ORDER BY r),
                    vendor_id = :vendorId, updated_at = :now, version = version + 1
                WHERE id = :id""" + " RETURNING " + COLUMNS)
            .bind("id", id).bind("vendorId", vendorId).bind("now", now)
            .map(UserRepository::map).one();
    }

    /**
     * Takes the vendor role away and forgets the vendor the user acted for; the user stays a
     * customer. Idempotent.
     */
    public Mono<User> revokeVendor(UUID id, Instant now) {
        return db.sql("""
                UPDATE users SET roles = ARRAY(SELECT DISTINCT r FROM unnest(array_append(array_remove(roles, 'vendor'), 'customer'))
                        AS r ORDER BY r),
                    vendor_id = NULL, updated_at = :now, version = version + 1
                WHERE id = :id""" + " RETURNING " + COLUMNS)
            .bind("id", id).bind("now", now)
            .map(UserRepository::map).one();
    }

    /** A page of users, oldest first, optionally filtered by role and by a case-insensitive email fragment. */
    public Flux<User> find(String role, String emailContains, long offset, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM users WHERE " + FILTER
                + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
            .bind("role", role == null ? "" : role)
            .bind("email", like(emailContains))
            .bind("limit", limit)
            .bind("offset", offset)
            .map(UserRepository::map)
            .all();
    }

    public Mono<Long> count(String role, String emailContains) {
        return db.sql("SELECT count(*) AS n FROM users WHERE " + FILTER)
            .bind("role", role == null ? "" : role)
            .bind("email", like(emailContains))
            .map(row -> row.get("n", Long.class))
            .one();
    }

    /** Role and email filters; an empty role and a {@code %} pattern match everyone. */
    private static final String FILTER = "(:role = '' OR :role = ANY(roles)) AND email ILIKE :email ESCAPE '\\'";

    private static String like(String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return "%";
        }
        return "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static User map(Readable row) {
        String[] roles = row.get("roles", String[].class);
        return new User(row.get("id", UUID.class), row.get("email", String.class), row.get("name", String.class),
                row.get("password_hash", String.class), roles == null ? List.of() : List.of(roles),
                row.get("vendor_id", UUID.class), row.get("email_verified_at", Instant.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class), row.get("version", Long.class));
    }
}
