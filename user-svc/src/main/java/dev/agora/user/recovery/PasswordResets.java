package dev.agora.user.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Digests;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PasswordResetRequested;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.user.account.AttemptThrottle;
import dev.agora.user.account.PasswordHasher;
import dev.agora.user.account.PasswordPolicy;
import dev.agora.user.account.SessionEnder;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;
import dev.agora.user.token.RandomTokens;

/**
 * Password reset by emailed link. A request answers the same whether or not the address has an
 * account; a known one gets a single-use token (its hash stored here, the token sent by
 * {@code user.password_reset_requested} to notification-svc) in one transaction. Using the token
 * sets a password under the policy, spends every open token of the user and ends all their
 * sessions and access tokens, also in one transaction.
 */
@Service
class PasswordResets {

    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

    private final UserRepository users;
    private final ResetTokens tokens;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SessionEnder sessions;
    private final AttemptThrottle loginThrottle;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final RecoveryProperties properties;
    private final Clock clock;

    PasswordResets(UserRepository users, ResetTokens tokens, PasswordPolicy policy, PasswordHasher hasher,
            SessionEnder sessions, AttemptThrottle loginThrottle, OutboxWriter outbox, TransactionalOperator tx,
            RecoveryProperties properties, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.policy = policy;
        this.hasher = hasher;
        this.sessions = sessions;
        this.loginThrottle = loginThrottle;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Emails a reset link if the address has an account and has not had {@code perHour} links this
     * hour. Completes no sooner than {@code answerAfter} in every case, and never fails: a failure
     * is logged, and the caller learns as little from it as from an unknown address.
     */
    Mono<Void> request(String email) {
        Mono<Void> work = users.findByEmail(email)
            .flatMap(user -> tx.transactional(issue(user)))
            .onErrorResume(ex -> {
                log.error("A password reset link could not be issued", ex);
                return Mono.empty();
            })
            .then();
        return Mono.when(work, Mono.delay(properties.answerAfter()));
    }

    private Mono<Void> issue(User user) {
        Instant now = now();
        return tokens.countSince(user.id(), now, Duration.ofHours(1)).flatMap(recent -> {
            if (recent >= properties.perHour()) {
                log.info("Password reset for user {} not sent: {} links in the last hour", user.id(), recent);
                return Mono.empty();
            }
            String token = RandomTokens.next("pr_");
            Instant expires = now.plus(properties.tokenTtl());
            return tokens.insert(Digests.sha256(token), user.id(), now, expires)
                .then(outbox.append(EventTypes.USER_PASSWORD_RESET_REQUESTED, user.id(),
                        new PasswordResetRequested(user.id(), user.email(), user.name(), token, expires)))
                .then();
        });
    }

    /** Sets the password of the token's user, or fails with 400 when the token is not open. */
    Mono<Void> reset(String token, String newPassword) {
        byte[] hash = Digests.sha256(token);
        // Checked and hashed before the transaction: the token's lock is held for the writes only.
        return tokens.findOpen(hash, now())
            .flatMap(users::findById)
            .switchIfEmpty(Mono.error(ResetFailed::new))
            .flatMap(user -> policy.check("password", newPassword, user.name(), user.email())
                .then(hasher.hash(newPassword))
                .flatMap(passwordHash -> tx.transactional(Mono.defer(() -> {
                    Instant now = now();
                    return tokens.lockOpen(hash, now)
                        .filter(user.id()::equals)
                        .switchIfEmpty(Mono.error(ResetFailed::new))
                        .then(users.updatePassword(user.id(), passwordHash, now))
                        .then(tokens.spendAll(user.id(), now))
                        .then(sessions.endAll(user.id()));
                })))
                // A lock-out from someone guessing this password ends with proof of the mailbox.
                .then(loginThrottle.clear(user.email())));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A reset link that does not work (unknown, used, expired or superseded): one answer for all. */
    static final class ResetFailed extends AgoraException {

        ResetFailed() {
            super(ProblemType.INVALID_RESET_TOKEN,
                    "This reset link does not work: it has been used or has expired. Ask for a new one.");
        }
    }
}
