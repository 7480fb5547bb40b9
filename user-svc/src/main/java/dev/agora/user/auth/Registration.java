package dev.agora.user.auth;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.user.account.PasswordHasher;
import dev.agora.user.account.PasswordPolicy;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;
import dev.agora.user.verification.EmailVerifications;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.UserRegistered;

/**
 * A new customer account: the password policy, the hash, and the user with its
 * {@code user.registered} event and its first verification link in one transaction.
 */
@Service
class Registration {

    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final OutboxWriter outbox;
    private final EmailVerifications verifications;
    private final TransactionalOperator tx;
    private final Clock clock;

    Registration(UserRepository users, PasswordPolicy policy, PasswordHasher hasher, OutboxWriter outbox,
            EmailVerifications verifications, TransactionalOperator tx, Clock clock) {
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.outbox = outbox;
        this.verifications = verifications;
        this.tx = tx;
        this.clock = clock;
    }

    Mono<User> register(AuthRequests.Signup request) {
        return policy.check("password", request.password(), request.name(), request.email())
            .then(hasher.hash(request.password()))
            .flatMap(hash -> {
                var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                User user = new User(Uuids.v7(), request.email(), request.name(), hash, List.of(AgoraPrincipal.CUSTOMER),
                        null, null, now, now, 0);
                return tx.transactional(users.insert(user)
                    .flatMap(saved -> outbox.append(EventTypes.USER_REGISTERED, saved.id(),
                            new UserRegistered(saved.id(), saved.email(), saved.name(), saved.createdAt()))
                        .then(verifications.issue(saved))
                        .thenReturn(saved)));
            })
            .onErrorMap(DuplicateKeyException.class,
                    ex -> AgoraException.conflict("An account with this email already exists."));
    }
}
