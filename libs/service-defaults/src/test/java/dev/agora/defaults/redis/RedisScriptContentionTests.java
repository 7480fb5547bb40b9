package dev.agora.defaults.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

/**
 * Spring Data Redis takes a script's lock on every {@code EVALSHA} (to notice an edited script file),
 * and the gateway's rate limit and product-svc's cache run a script on every request, on event-loop
 * threads. Under BlockHound (on in every test) the second of two requests meeting there would fail
 * the check. The lock is held to read one field, so test-support's BlockHound integration allows the
 * wait.
 */
class RedisScriptContentionTests {

    @Test
    void takingAScriptsDigestWhileAnotherCallHoldsItWaitsInsteadOfFailing() throws Exception {
        RedisScript<Long> script = RedisScript.of("return 1", Long.class);
        String sha1 = script.getSha1();
        Lock lock = (Lock) HeldLocks.field(script, "lock");

        try (HeldLocks held = HeldLocks.hold(List.of(lock), Duration.ofSeconds(1))) {
            // A non-blocking thread, as an event loop is: it has to wait for the holder.
            StepVerifier.create(Mono.fromCallable(script::getSha1).subscribeOn(Schedulers.parallel()))
                .expectNext(sha1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
    }
}
