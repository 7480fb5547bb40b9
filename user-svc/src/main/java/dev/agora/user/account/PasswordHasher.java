package dev.agora.user.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id at the OWASP minimum (m=19456 KiB, t=2, p=1); Spring's default parameters are weaker.
 * Hashing takes tens of milliseconds of CPU, so it runs off the event loop.
 */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
    // Verified against when an email is unknown, so both paths cost the same.
    private final String decoy = encoder.encode("agora-decoy-password-for-timing");

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> encoder.matches(password, hash == null ? decoy : hash))
            .map(ok -> ok && hash != null)
            .subscribeOn(Schedulers.boundedElastic());
    }
}
