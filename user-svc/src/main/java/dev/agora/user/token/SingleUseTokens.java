package dev.agora.user.token;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A table of single-use tokens sent by email (password reset, email verification): their SHA-256
 * hashes, never the tokens, with {@code user_id}, {@code created_at}, {@code expires_at} and
 * {@code used_at}. A token is open until used, spent or expired.
 */
public abstract class SingleUseTokens {

    protected final DatabaseClient db;
    private final String table;

    /** @param table the table's name, a constant of the subclass (never input) */
    protected SingleUseTokens(DatabaseClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public Mono<Void> insert(byte[] hash, UUID userId, Instant now, Instant expiresAt) {
        return db.sql("INSERT INTO " + table + " (token_hash, user_id, created_at, expires_at) VALUES (:hash, :user, :now, :expires)")
            .bind("hash", hash).bind("user", userId).bind("now", now).bind("expires", expiresAt)
            .then();
    }

    /** The user of an open token, read without a lock: the check before the work and its transaction. */
    public Mono<UUID> findOpen(byte[] hash, Instant now) {
        return db.sql("SELECT user_id FROM " + table + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
            .bind("hash", hash).bind("now", now)
            .map(row -> row.get("user_id", UUID.class)).one();
    }

    /**
     * The user of an open token, with the token locked until the transaction ends, so that two
     * uses of one token cannot both go through.
     */
    public Mono<UUID> lockOpen(byte[] hash, Instant now) {
        return db.sql("SELECT user_id FROM " + table + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now FOR UPDATE")
            .bind("hash", hash).bind("now", now)
            .map(row -> row.get("user_id", UUID.class)).one();
    }

    /** Spends every open token of the user: the one used, and any other link still in a mailbox. */
    public Mono<Void> spendAll(UUID userId, Instant now) {
        return db.sql("UPDATE " + table + " SET used_at = :now WHERE user_id = :user AND used_at IS NULL")
            .bind("now", now).bind("user", userId).then();
    }
}
