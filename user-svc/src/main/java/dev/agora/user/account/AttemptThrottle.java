package dev.agora.user.account;

import reactor.core.publisher.Mono;

/**
 * Throttles password guesses per account, shared by login and password change (so a stolen access
 * token cannot be used to guess the password faster than a login could). Provided by the auth package.
 */
public interface AttemptThrottle {

    /** Takes a slot for one guess against {@code email}, or fails with 429 when too many were made. */
    Mono<Long> acquire(String email);

    /** Forgets the failed guesses against {@code email} after a right one. */
    Mono<Void> clear(String email);
}
