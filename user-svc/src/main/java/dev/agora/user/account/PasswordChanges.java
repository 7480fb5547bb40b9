package dev.agora.user.account;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * A password change: proves the current password (throttled like a login, so a stolen access
 * token cannot be used to guess it), stores the new hash and ends the user's other sessions.
 */
@Component
class PasswordChanges {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AttemptThrottle throttle;
    private final SessionEnder sessions;
    private final Clock clock;

    PasswordChanges(UserRepository users, PasswordHasher hasher, AttemptThrottle throttle, SessionEnder sessions, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.clock = clock;
    }

    Mono<User> change(User user, String currentPassword, String newPassword, String currentJti) {
        return throttle.acquire(user.email())
            .flatMap(slot -> hasher.matches(currentPassword, user.passwordHash()).flatMap(ok -> ok
                    ? throttle.clear(user.email())
                    : Mono.error(AgoraException.badRequest("The current password is wrong.")
                        .withErrors(List.of(new Problems.FieldError("currentPassword", "is wrong"))))))
            .then(hasher.hash(newPassword))
            .flatMap(hash -> users.updatePassword(user.id(), hash, clock.instant()))
            .flatMap(updated -> sessions.endOthers(user.id(), currentJti).thenReturn(updated));
    }
}
