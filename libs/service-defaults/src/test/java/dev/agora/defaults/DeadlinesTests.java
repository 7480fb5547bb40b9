package dev.agora.defaults;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agora.testsupport.LateCalls;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTests {

    private static final Duration DEADLINE = Duration.ofMillis(30);

    /** A source that never answers and throws when cancelled, counting the cancellations. */
    private static Mono<String> silentAndThrowingOnCancel(AtomicInteger cancels) {
        return LateCalls.<String>throwingWhenCancelled().doOnCancel(cancels::incrementAndGet).next();
    }

    @Test
    void reactorsOwnTimeoutNeverAnswersWhenCancellingTheLateSourceThrows() {
        // Why Deadlines exists: if this starts failing, Reactor has fixed it.
        AtomicInteger cancels = new AtomicInteger();
        StepVerifier.create(silentAndThrowingOnCancel(cancels).timeout(DEADLINE))
            .expectSubscription()
            .expectNoEvent(Duration.ofMillis(500))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
        assertThat(cancels).hasPositiveValue();
    }

    @Test
    void signalsTheTimeoutEvenWhenCancellingTheLateSourceThrows() {
        AtomicInteger cancels = new AtomicInteger();
        StepVerifier.create(Deadlines.within(silentAndThrowingOnCancel(cancels), DEADLINE))
            .expectError(TimeoutException.class)
            .verify(Duration.ofSeconds(5));
        assertThat(cancels).hasValue(1);
    }

    @Test
    void passesAnAnswerInTimeThrough() {
        StepVerifier.create(Deadlines.within(Mono.just("answer"), Duration.ofSeconds(5)))
            .expectNext("answer")
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(Deadlines.within(Mono.error(new IllegalArgumentException("refused")), Duration.ofSeconds(5)))
            .expectError(IllegalArgumentException.class)
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void aCallerThatGivesUpStillCancelsTheSource() {
        AtomicInteger cancels = new AtomicInteger();
        StepVerifier.create(Deadlines.within(Mono.never().doOnCancel(cancels::incrementAndGet), Duration.ofSeconds(5)))
            .expectSubscription()
            .thenCancel()
            .verify(Duration.ofSeconds(5));
        assertThat(cancels).hasValue(1);
    }
}
