package dev.agora.user.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.user.account.AttemptThrottle;

/**
 * At most 5 failed password checks per account in 15 minutes, whatever the client's address.
 * Each attempt takes a slot before the password is verified, so a burst of concurrent guesses
 * cannot slip past the limit; refused attempts give their slot back, so the lock ends 15 minutes
 * after the fifth failure rather than being extended by an attacker.
 */
@Component
public class LoginThrottle implements AttemptThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final DatabaseClient db;
    private final Clock clock;

    LoginThrottle(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Takes a slot for one attempt, or fails with 429; emits the slot's id. */
    @Override
    public Mono<Long> acquire(String email) {
        Instant now = clock.instant();
        return db.sql("INSERT INTO login_failures (email, failed_at) VALUES (:email, :now) RETURNING id")
            .bind("email", email).bind("now", now)
            .map(row -> row.get("id", Long.class)).one()
            .flatMap(id -> db.sql("SELECT count(*) AS n FROM login_failures WHERE email = :email AND failed_at > :since")
                .bind("email", email).bind("since", now.minus(WINDOW))
                .map(row -> row.get("n", Long.class)).one()
                .flatMap(count -> count <= MAX_FAILURES ? Mono.just(id) : release(id).then(refuse(email, now))));
    }

    /** Gives back a slot whose attempt was not a failure. */
    public Mono<Void> release(long slot) {
        return db.sql("DELETE FROM login_failures WHERE id = :id").bind("id", slot).then();
    }

    /** Forgets the account's failures after a success; also drops rows older than the window. */
    @Override
    public Mono<Void> clear(String email) {
        return db.sql("DELETE FROM login_failures WHERE email = :email OR failed_at < :old")
            .bind("email", email).bind("old", clock.instant().minus(WINDOW))
            .then();
    }

    private Mono<Long> refuse(String email, Instant now) {
        return db.sql("""
                SELECT failed_at FROM login_failures WHERE email = :email AND failed_at > :since
                ORDER BY failed_at DESC OFFSET :skip LIMIT 1""")
            .bind("email", email).bind("since", now.minus(WINDOW)).bind("skip", MAX_FAILURES - 1)
            .map(row -> row.get("failed_at", Instant.class)).one()
            .defaultIfEmpty(now)
            .flatMap(fifth -> {
                long seconds = Math.max(1, Duration.between(now, fifth.plus(WINDOW)).toSeconds() + 1);
                HttpHeaders headers = new HttpHeaders();
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                return Mono.error(new AgoraException(ProblemType.TOO_MANY_LOGIN_ATTEMPTS, "Too many failed logins for this account; retry later.", headers));
            });
    }
}
