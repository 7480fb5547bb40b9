package dev.agora.defaults.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

/**
 * jjwt reads a token's header and claims with Jackson 2 (not the Jackson 3 of the web layer), on an
 * event-loop thread. Jackson 2 builds a deserializer the first time it meets a type under one lock
 * per mapper, so the first tokens a service verifies at once contend on it. Under BlockHound (on in
 * every test) the loser would fail verification; the lock guards an in-memory build, so test-support's
 * BlockHound integration allows the wait, as it does for Jackson 3.
 */
class TokenJsonContentionTests {

    record Claims(String sub, List<String> roles) {
    }

    @Test
    void readingANewTypeWhileAnotherThreadBuildsADeserializerWaitsInsteadOfFailing() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Object cache = HeldLocks.field(HeldLocks.field(mapper, "_deserializationContext"), "_cache");
        ReentrantLock building = (ReentrantLock) HeldLocks.field(cache, "_incompleteDeserializersLock");

        try (HeldLocks held = HeldLocks.hold(List.of(building), Duration.ofSeconds(1))) {
            // A non-blocking thread, as an event loop is: it has to wait for the holder.
            StepVerifier.create(Mono.fromCallable(() -> mapper.readValue("{\"sub\":\"u1\",\"roles\":[\"customer\"]}", Claims.class))
                    .subscribeOn(Schedulers.parallel()))
                .expectNext(new Claims("u1", List.of("customer")))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
    }
}
