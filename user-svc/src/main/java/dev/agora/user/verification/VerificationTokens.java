package dev.agora.user.verification;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.agora.user.token.SingleUseTokens;

/** The {@code email_verifications} table: token hashes, never tokens. */
@Repository
class VerificationTokens extends SingleUseTokens {

    VerificationTokens(DatabaseClient db) {
        super(db, "email_verifications");
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
}
