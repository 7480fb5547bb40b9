package dev.agora.user.verification;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code email_verifications} table: token hashes, never tokens. */
@Repository
class VerificationTokens {

    private final DatabaseClient db;

    VerificationTokens(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(byte[] hash, UUID userId, Instant now, Instant expiresAt) {
        return db.sql("""
                INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at)
                VALUES (:hash, :user, :now, :expires)""")
            .bind("hash", hash).bind("user", userId).bind("now", now).bind("expires", expiresAt)
            .then();
    }

    /**
     * When the {@code limit}-th most recent link of the user since {@code since} was made, or
     * nothing when the user has had fewer: the link whose hour must pass before another may go.
     */
    Mono<Instant> nthLatestSince(UUID userId, Instant since, int limit) {
        return db.sql("""
                SELECT created_at FROM email_verifications WHERE user_id = :user AND created_at > :since
                ORDER BY created_at DESC OFFSET :skip LIMIT 1""")
            .bind("user", userId).bind("since", since).bind("skip", limit - 1)
            .map(row -> row.get("created_at", Instant.class)).one();
    }

    /**
     * The user of an open token, with the token locked until the transaction ends, so that two
     * uses of one link cannot both go through.
     */
    Mono<UUID> lockOpen(byte[] hash, Instant now) {
        return db.sql("""
                SELECT user_id FROM email_verifications
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                FOR UPDATE""")
            .bind("hash", hash).bind("now", now)
            .map(row -> row.get("user_id", UUID.class)).one();
    }

    /** Spends every open token of the user: the one used, and any other link still in a mailbox. */
    Mono<Void> spendAll(UUID userId, Instant now) {
        return db.sql("UPDATE email_verifications SET used_at = :now WHERE user_id = :user AND used_at IS NULL")
            .bind("now", now).bind("user", userId).then();
    }
}
