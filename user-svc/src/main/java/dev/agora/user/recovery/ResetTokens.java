package dev.agora.user.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code password_resets} table: token hashes, never tokens. */
@Repository
class ResetTokens {

    private final DatabaseClient db;

    ResetTokens(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(byte[] hash, UUID userId, Instant now, Instant expiresAt) {
        return db.sql("""
                INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
                VALUES (:hash, :user, :now, :expires)""")
            .bind("hash", hash).bind("user", userId).bind("now", now).bind("expires", expiresAt)
            .then();
    }

    /** Requests for this user in the window before {@code now}, after taking the user's row lock. */
    Mono<Long> countSince(UUID userId, Instant now, Duration window) {
        return db.sql("SELECT id FROM users WHERE id = :user FOR UPDATE").bind("user", userId).then()
            .then(db.sql("SELECT count(*) AS n FROM password_resets WHERE user_id = :user AND created_at > :since")
                .bind("user", userId).bind("since", now.minus(window))
                .map(row -> row.get("n", Long.class)).one());
    }

    /** The user of an open token, read without a lock: the check before the work and its transaction. */
    Mono<UUID> findOpen(byte[] hash, Instant now) {
        return db.sql("SELECT user_id FROM password_resets WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
            .bind("hash", hash).bind("now", now)
            .map(row -> row.get("user_id", UUID.class)).one();
    }

    /**
     * The user of an open token, with the token locked until the transaction ends, so two
     * resets with one token cannot both go through.
     */
    Mono<UUID> lockOpen(byte[] hash, Instant now) {
        return db.sql("""
                SELECT user_id FROM password_resets
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                FOR UPDATE""")
            .bind("hash", hash).bind("now", now)
            .map(row -> row.get("user_id", UUID.class)).one();
    }

    /** Spends every open token of the user: the one used, and any other link still in a mailbox. */
    Mono<Void> spendAll(UUID userId, Instant now) {
        return db.sql("UPDATE password_resets SET used_at = :now WHERE user_id = :user AND used_at IS NULL")
            .bind("now", now).bind("user", userId).then();
    }
}
