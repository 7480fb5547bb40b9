package dev.agora.user.verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Digests;
import dev.agora.defaults.events.types.EmailVerificationRequested;
import dev.agora.defaults.events.types.EmailVerified;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;
import dev.agora.user.token.RandomTokens;

/**
 * Proving an account's email address by an emailed link. A link is a single-use token (its hash
 * stored here, the token sent by {@code user.email_verification_requested} to notification-svc);
 * using it marks the user verified and spends every other open link, in one transaction that also
 * writes {@code user.email_verified}.
 */
@Service
public class EmailVerifications {

    private final UserRepository users;
    private final VerificationTokens tokens;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final VerificationProperties properties;
    private final Clock clock;

    EmailVerifications(UserRepository users, VerificationTokens tokens, OutboxWriter outbox, TransactionalOperator tx,
            VerificationProperties properties, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new link for the user, with its event; joins the caller's transaction (sign-up's). */
    public Mono<Void> issue(User user) {
        Instant now = now();
        String token = RandomTokens.next("ev_");
        Instant expires = now.plus(properties.tokenTtl());
        return tokens.insert(Digests.sha256(token), user.id(), now, expires)
            .then(outbox.append(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, user.id(),
                    new EmailVerificationRequested(user.id(), user.email(), user.name(), token, expires)))
            .then();
    }

    /**
     * Another link, for a user whose first one is lost or expired: 409 when the address is verified
     * already, 429 with Retry-After after {@code perHour} links in the last hour.
     */
    Mono<Void> resend(UUID userId) {
        return tx.transactional(users.lock(userId)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")))
            .flatMap(user -> {
                if (user.emailVerified()) {
                    return Mono.error(AgoraException.conflict("This email address is verified already."));
                }
                Instant now = now();
                return tokens.nthLatestSince(user.id(), now.minus(Duration.ofHours(1)), properties.perHour())
                    .flatMap(oldest -> Mono.<Void>error(tooMany(now, oldest)))
                    .then(Mono.defer(() -> issue(user)));
            }));
    }

    /** Marks the token's user verified, or fails with 400 when the token is not open. */
    Mono<User> verify(String token) {
        byte[] hash = Digests.sha256(token);
        return tx.transactional(Mono.defer(() -> {
            Instant now = now();
            return tokens.lockOpen(hash, now)
                .switchIfEmpty(Mono.error(VerificationFailed::new))
                .flatMap(userId -> markVerified(userId, now));
        }));
    }

    /** An admin vouches for the user's address (the customer who never gets the email). */
    Mono<User> confirm(UUID userId) {
        return tx.transactional(Mono.defer(() -> users.lock(userId)
            .flatMap(user -> user.emailVerified() ? Mono.just(user) : markVerified(userId, now()))));
    }

    private Mono<User> markVerified(UUID userId, Instant now) {
        return users.markEmailVerified(userId, now)
            .flatMap(user -> tokens.spendAll(userId, now)
                .then(outbox.append(EventTypes.USER_EMAIL_VERIFIED, userId,
                        new EmailVerified(userId, user.email(), user.emailVerifiedAt())))
                .thenReturn(user));
    }

    private static AgoraException tooMany(Instant now, Instant oldest) {
        long seconds = Math.max(1, Duration.between(now, oldest.plus(Duration.ofHours(1))).toSeconds() + 1);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return new AgoraException(ProblemType.TOO_MANY_VERIFICATION_EMAILS,
                "Several verification emails went to this address in the last hour; look for them (and in spam), or ask again in "
                        + Math.max(1, (seconds + 59) / 60) + " minutes.",
                headers);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A link that does not work (unknown, used, expired or superseded): one answer for all. */
    static final class VerificationFailed extends AgoraException {

        VerificationFailed() {
            super(ProblemType.INVALID_VERIFICATION_TOKEN,
                    "This verification link does not work: it has been used or has expired. Sign in and ask for a new one.");
        }
    }
}
