package dev.agora.defaults;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PollingLoopTests {

    private static final Duration NEVER = Duration.ofHours(1);

    private PollingLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void aWakeUpRunsAPassWithoutWaitingForTheInterval() {
        Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
        Loop woken = new Loop(Flux.defer(wakeUps::asFlux), Duration.ZERO);
        loop = woken;
        loop.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> wakeUps.currentSubscriberCount() > 0);

        wakeUps.tryEmitNext(true);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(woken.passes.get()).isEqualTo(1));
    }

    @Test
    void wakeUpsDuringAPassQueueExactlyOneMorePass() throws InterruptedException {
        Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
        Loop woken = new Loop(Flux.defer(wakeUps::asFlux), Duration.ofMillis(300));
        loop = woken;
        loop.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> wakeUps.currentSubscriberCount() > 0);

        wakeUps.tryEmitNext(true);
        await().atMost(Duration.ofSeconds(2)).until(() -> woken.started.get() == 1);
        // Rows committed during the pass are announced during it: one more pass must see them.
        for (int i = 0; i < 5; i++) {
            wakeUps.tryEmitNext(true);
        }

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(woken.passes.get()).isEqualTo(2));
        Thread.sleep(700);
        assertThat(woken.passes.get()).isEqualTo(2);
    }

    @Test
    void listensAgainWhenItsWakeUpsFail() {
        Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
        AtomicInteger subscriptions = new AtomicInteger();
        // The first listener loses its connection at once; the second one works.
        Loop woken = new Loop(Flux.defer(() -> subscriptions.incrementAndGet() == 1
                ? Flux.error(new IllegalStateException("connection lost")) : wakeUps.asFlux()), Duration.ZERO);
        loop = woken;
        loop.start();
        await().atMost(Duration.ofSeconds(3)).until(() -> wakeUps.currentSubscriberCount() > 0);

        wakeUps.tryEmitNext(true);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(woken.passes.get()).isEqualTo(1));
        assertThat(subscriptions.get()).isEqualTo(2);
    }

    @Test
    void takesBatchAfterBatchUntilOneComesBackShort() {
        Deque<Integer> sizes = new ArrayDeque<>(List.of(3, 3, 1, 3));
        AtomicInteger batches = new AtomicInteger();
        Mono<Long> pass = PollingLoop.untilShort(3, () -> {
            batches.incrementAndGet();
            return Mono.just(sizes.pop());
        });
        assertThat(batches).as("nothing taken before the pass runs").hasValue(0);

        StepVerifier.create(pass).expectNext(7L).expectComplete().verify(Duration.ofSeconds(5));

        assertThat(batches).hasValue(3);
        assertThat(sizes).containsExactly(3);
    }

    @Test
    void takesOneBatchWhenThereIsNothingMore() {
        StepVerifier.create(PollingLoop.untilShort(3, () -> Mono.just(0))).expectNext(0L).expectComplete()
            .verify(Duration.ofSeconds(5));
    }

    /** A loop whose interval never comes within a test: only wake-ups run passes. */
    private static final class Loop extends PollingLoop {

        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger passes = new AtomicInteger();
        private final Flux<?> wakeUps;
        private final Duration passTakes;

        Loop(Flux<?> wakeUps, Duration passTakes) {
            super(NEVER, NEVER);
            this.wakeUps = wakeUps;
            this.passTakes = passTakes;
        }

        @Override
        protected Flux<?> wakeUps() {
            return wakeUps;
        }

        @Override
        protected Mono<Void> poll() {
            return Mono.fromRunnable(started::incrementAndGet)
                .then(Mono.delay(passTakes))
                .then(Mono.fromRunnable(passes::incrementAndGet));
        }
    }
}
