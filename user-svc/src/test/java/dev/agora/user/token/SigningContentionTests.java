package dev.agora.user.token;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every access token is signed on an event-loop thread, and the JDK's RSA takes one JVM-wide lock to
 * hand out blinding values. Under BlockHound (on in every test) concurrent sign-ins that met on it
 * failed with a 500; the lock is held for a multiplication, so test-support's BlockHound integration
 * allows the wait.
 */
class SigningContentionTests {

    @Test
    void signingWhileAnotherSignatureHoldsTheBlindingLockWaitsInsteadOfFailing() throws Exception {
        TokenProperties properties = new TokenProperties("agora", "agora-api", Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofDays(30), Duration.ofDays(7), null, List.of(), List.of(), Map.of());
        AccessTokenIssuer issuer = new AccessTokenIssuer(new SigningKeys(properties), properties, Clock.systemUTC());
        assertThat(issuer.issue(UUID.randomUUID(), List.of("customer"), null, UUID.randomUUID(), true).token()).isNotBlank();

        Field field = Class.forName("sun.security.rsa.RSACore").getDeclaredField("lock");
        field.setAccessible(true);
        ReentrantLock blinding = (ReentrantLock) field.get(null);
        try (HeldLocks held = HeldLocks.hold(List.of(blinding), Duration.ofSeconds(1))) {
            // A non-blocking thread, as an event loop is: it has to wait for the holder.
            StepVerifier.create(Mono.fromCallable(() -> issuer.issue(UUID.randomUUID(), List.of("customer"), null,
                    UUID.randomUUID(), true).token())
                    .subscribeOn(Schedulers.parallel()))
                .assertNext(token -> assertThat(token.split("\\.")).hasSize(3))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
    }
}
