package dev.agora.user.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Digests;
import dev.agora.defaults.Uuids;
import dev.agora.defaults.security.InvalidTokenException;
import dev.agora.defaults.security.TokenRevocations;
import dev.agora.user.account.SessionEnder;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;
import dev.agora.user.token.AccessTokenIssuer;
import dev.agora.user.token.RandomTokens;
import dev.agora.user.token.TokenProperties;

/**
 * Login sessions. A session is a refresh-token family: each refresh rotates the token, and
 * presenting a token that was already rotated revokes the whole family (RFC 9700 §4.14.2).
 *
 * <p>Concurrent use of one refresh token: exactly one request rotates it (a conditional update
 * decides); every other presentation, concurrent or later, is reuse and revokes the family,
 * including the token the winner just received. A client cannot be told apart from a thief here,
 * so clients must refresh one request at a time. Ending a session also revokes its live access
 * tokens.
 *
 * <p>Rotating and ending a session take the same lock on the family (a transaction-scoped advisory
 * lock) before they touch it: a rotation committing while logout or a password change revokes the
 * family would otherwise leave its new child token, uncommitted when the revocation ran, valid.
 */
@Component
public class Sessions implements SessionEnder {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final UserRepository users;
    private final AccessTokenIssuer issuer;
    private final TokenRevocations revocations;
    private final TokenProperties properties;
    private final Clock clock;

    Sessions(DatabaseClient db, TransactionalOperator tx, UserRepository users, AccessTokenIssuer issuer,
            TokenRevocations revocations, TokenProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.users = users;
        this.issuer = issuer;
        this.revocations = revocations;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a new session for the user. */
    public Mono<TokenPair> start(User user) {
        Instant now = now();
        UUID family = Uuids.v7();
        return tx.transactional(issue(user, family, now.plus(properties.refreshTtl()), now));
    }

    /** Rotates a refresh token into a new pair. */
    public Mono<TokenPair> rotate(String refreshToken) {
        byte[] hash = hash(refreshToken);
        Instant now = now();
        Mono<TokenPair> rotation = db.sql("SELECT family_id FROM refresh_tokens WHERE token_hash = :hash")
            .bind("hash", hash)
            .map(row -> row.get("family_id", UUID.class))
            .one()
            .flatMap(family -> lockFamily(family).then(db.sql("""
                UPDATE refresh_tokens SET used_at = :now
                WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL
                  AND expires_at > :now AND idle_expires_at > :now
                RETURNING family_id, user_id, expires_at""")
            .bind("now", now).bind("hash", hash)
            .map(row -> new Rotated(row.get("family_id", UUID.class), row.get("user_id", UUID.class),
                    row.get("expires_at", Instant.class)))
            .one()))
            .flatMap(r -> users.findById(r.userId()).flatMap(user -> issue(user, r.familyId(), r.expiresAt(), now)));
        return tx.transactional(rotation).switchIfEmpty(Mono.defer(() -> refuse(hash)));
    }

    /** Ends the session an access token belongs to, and revokes that access token. */
    public Mono<Void> endByAccessToken(String jti, Instant expiresAt) {
        return revocations.revoke(jti, expiresAt)
            .then(db.sql("SELECT family_id FROM access_tokens WHERE jti = :jti").bind("jti", jti)
                .map(row -> row.get("family_id", UUID.class)).one())
            .flatMap(this::end);
    }

    /**
     * Ends every session of the user and revokes every live access token, for a privilege that was
     * taken away: the user signs in again and gets tokens with what they have now.
     */
    @Override
    public Mono<Void> endAll(UUID userId) {
        return db.sql("""
                SELECT family_id FROM refresh_tokens WHERE user_id = :user AND revoked_at IS NULL
                UNION SELECT family_id FROM access_tokens WHERE user_id = :user AND expires_at > :now""")
            .bind("user", userId).bind("now", now())
            .map(row -> row.get("family_id", UUID.class)).all()
            // Read to the end first: inside a caller's transaction the revocations share this
            // connection, which runs one statement at a time.
            .collectList()
            .flatMapMany(Flux::fromIterable)
            .concatMap(this::end)
            .then();
    }

    /** Logging out everywhere: {@link #endAll(UUID)} in a transaction of its own. */
    public Mono<Void> endEverywhere(UUID userId) {
        return tx.transactional(endAll(userId));
    }

    /** Ends every session of the user except the one the given access token belongs to. */
    @Override
    public Mono<Void> endOthers(UUID userId, String keepJti) {
        return db.sql("""
                SELECT DISTINCT r.family_id FROM refresh_tokens r
                WHERE r.user_id = :user AND r.revoked_at IS NULL
                  AND r.family_id NOT IN (SELECT family_id FROM access_tokens WHERE jti = :jti)""")
            .bind("user", userId).bind("jti", keepJti)
            .map(row -> row.get("family_id", UUID.class)).all()
            .concatMap(this::end)
            .then();
    }

    /**
     * Revokes a family's refresh tokens and its live access tokens, after any rotation of it in
     * flight has committed (so its new tokens are revoked too).
     */
    Mono<Void> end(UUID family) {
        Mono<Void> work = Mono.defer(() -> {
            Instant now = now();
            return lockFamily(family)
                .then(db.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                    .bind("now", now).bind("family", family).then())
                .thenMany(db.sql("SELECT jti, expires_at FROM access_tokens WHERE family_id = :family AND expires_at > :now")
                    .bind("family", family).bind("now", now)
                    .map(row -> new Live(row.get("jti", String.class), row.get("expires_at", Instant.class))).all())
                .concatMap(live -> revocations.revoke(live.jti(), live.expiresAt()))
                .then();
        });
        return tx.transactional(work);
    }

    /** Held until the transaction ends; rotations and revocations of one family take turns. */
    private Mono<Void> lockFamily(UUID family) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:family AS text), 7))").bind("family", family).then();
    }

    private Mono<TokenPair> refuse(byte[] hash) {
        return db.sql("SELECT family_id, used_at, revoked_at FROM refresh_tokens WHERE token_hash = :hash")
            .bind("hash", hash)
            .map(row -> new Known(row.get("family_id", UUID.class), row.get("used_at", Instant.class) != null,
                    row.get("revoked_at", Instant.class) != null))
            .one()
            .flatMap(known -> {
                if (known.used() && !known.revoked()) {
                    log.warn("Refresh token reuse detected; revoking session family {}", known.familyId());
                }
                return known.used() ? end(known.familyId()) : Mono.<Void>empty();
            })
            .then(Mono.error(new InvalidTokenException("refresh token invalid, expired, revoked or reused")));
    }

    private Mono<TokenPair> issue(User user, UUID family, Instant familyExpiry, Instant now) {
        String refresh = RandomTokens.next("rt_");
        Instant idle = now.plus(properties.refreshIdleTtl());
        AccessTokenIssuer.Issued access = issuer.issue(user.id(), user.roles(), user.vendorId(), family, user.emailVerified());
        return db.sql("""
                INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at, idle_expires_at)
                VALUES (:id, :family, :user, :hash, :now, :expires, :idle)""")
            .bind("id", Uuids.v7()).bind("family", family).bind("user", user.id()).bind("hash", hash(refresh))
            .bind("now", now).bind("expires", familyExpiry).bind("idle", idle.isBefore(familyExpiry) ? idle : familyExpiry)
            .then()
            .then(db.sql("INSERT INTO access_tokens (jti, family_id, user_id, expires_at) VALUES (:jti, :family, :user, :exp)")
                .bind("jti", access.jti()).bind("family", family).bind("user", user.id()).bind("exp", access.expiresAt())
                .then())
            .then(db.sql("DELETE FROM access_tokens WHERE user_id = :user AND expires_at < :now")
                .bind("user", user.id()).bind("now", now).then())
            .thenReturn(new TokenPair(access.token(), refresh, "Bearer", properties.accessTtl().toSeconds()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static byte[] hash(String token) {
        return Digests.sha256(token);
    }

    private record Rotated(UUID familyId, UUID userId, Instant expiresAt) {
    }

    private record Known(UUID familyId, boolean used, boolean revoked) {
    }

    private record Live(String jti, Instant expiresAt) {
    }
}
