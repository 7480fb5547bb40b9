package dev.agora.user.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.agora.user.token.SingleUseTokens;

/** The {@code password_resets} table: token hashes, never tokens. */
@Repository
class ResetTokens extends SingleUseTokens {

    ResetTokens(DatabaseClient db) {
        super(db, "password_resets");
    }

    /** Requests for this user in the window before {@code now}, after taking the user's row lock. */
    Mono<Long> countSince(UUID userId, Instant now, Duration window) {
        return db.sql("SELECT id FROM users WHERE id = :user FOR UPDATE").bind("user", userId).then()
            .then(db.sql("SELECT count(*) AS n FROM password_resets WHERE user_id = :user AND created_at > :since")
                .bind("user", userId).bind("since", now.minus(window))
                .map(row -> row.get("n", Long.class)).one());
    }
}
