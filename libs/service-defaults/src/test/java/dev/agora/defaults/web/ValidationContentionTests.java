package dev.agora.defaults.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first request of a type is validated on an event-loop thread, and Hibernate Validator then
 * caches the type's constraints in a map whose segments are locks. Under BlockHound (on in every
 * test), two first requests at once contended on it and one failed with a 500: six concurrent uses of
 * one verification link in user-svc's EmailVerificationIT, on CI. The lock is held for one insert, so
 * test-support's BlockHound integration allows the wait.
 */
class ValidationContentionTests {

    record FirstSeen(@NotBlank String token) {
    }

    record SeenAtStartUp(@NotBlank String name) {
    }

    @Test
    void validatingANewTypeWhileAnotherThreadHoldsTheMetadataCacheWaitsInsteadOfFailing() throws Exception {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        // As ValidationWarmup does at start-up: message bundles are read from jars on the first violation.
        assertThat(validator.validate(new SeenAtStartUp(""))).hasSize(1);
        Object cache = HeldLocks.field(HeldLocks.field(validator, "beanMetaDataManager"), "beanMetaDataCache");
        List<ReentrantLock> segments = Arrays.stream((Object[]) HeldLocks.field(cache, "segments")).map(ReentrantLock.class::cast).toList();

        try (HeldLocks held = HeldLocks.hold(segments, Duration.ofSeconds(1))) {
            // A non-blocking thread, as an event loop is: it has to wait for the holder.
            StepVerifier.create(Mono.fromCallable(() -> validator.validate(new FirstSeen(" ")).size())
                    .subscribeOn(Schedulers.parallel()))
                .expectNext(1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
    }
}
