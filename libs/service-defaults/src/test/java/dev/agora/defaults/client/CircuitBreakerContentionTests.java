package dev.agora.defaults.client;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service call records its outcome in its circuit breaker on an event-loop thread, and
 * resilience4j takes a lock for that. Under BlockHound (on in every test), a contended lock used to
 * fail the call: ReviewIT's 50 concurrent reviews got a 503 now and then. The lock is held for one
 * array update, so test-support's BlockHound integration allows the wait.
 */
class CircuitBreakerContentionTests {

    @Test
    void recordingAnOutcomeWhileAnotherThreadHoldsTheWindowIsNotABlockingCall() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("contended");
        ReentrantLock window = lockOf(find(breaker, "io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", 0));
        try (HeldLocks held = HeldLocks.hold(List.of(window), Duration.ofSeconds(1))) {
            assertThat(window.isLocked()).isTrue();
            // A non-blocking thread, as an event loop is: it has to wait for the holder.
            StepVerifier.create(Mono.fromRunnable(() -> breaker.onSuccess(1, TimeUnit.MILLISECONDS))
                    .subscribeOn(Schedulers.parallel()))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    private static ReentrantLock lockOf(Object metrics) throws IllegalAccessException {
        for (Field field : metrics.getClass().getDeclaredFields()) {
            if (field.getType() == ReentrantLock.class) {
                field.setAccessible(true);
                return (ReentrantLock) field.get(metrics);
            }
        }
        throw new AssertionError("no lock in " + metrics.getClass());
    }

    /** The object of the named class reachable from {@code root} through its fields (resilience4j internals). */
    private static Object find(Object root, String className, int depth) throws IllegalAccessException {
        if (root == null || depth > 6) {
            return null;
        }
        if (root.getClass().getName().equals(className)) {
            return root;
        }
        if (!root.getClass().getName().startsWith("io.github.resilience4j")
                && !(root instanceof java.util.concurrent.atomic.AtomicReference<?>)) {
            return null;
        }
        if (root instanceof java.util.concurrent.atomic.AtomicReference<?> reference) {
            return find(reference.get(), className, depth + 1);
        }
        for (Class<?> type = root.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                field.setAccessible(true);
                Object found = find(field.get(root), className, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
