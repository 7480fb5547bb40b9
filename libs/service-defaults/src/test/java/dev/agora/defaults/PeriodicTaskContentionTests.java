package dev.agora.defaults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agora.testsupport.HeldLocks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a periodic task ({@code Flux.interval}: payment-svc's lease heartbeat, stopped on the
 * event loop when the provider answers) removes it from its executor's queue under the queue's lock.
 * Reactor tells BlockHound that this short wait is fine for one-shot tasks but not for periodic ones,
 * so a contended lock failed the cancel with a dropped BlockingOperationError (PaymentIT, eight
 * concurrent charges). test-support's BlockHound integration allows it.
 */
class PeriodicTaskContentionTests {

    @Test
    void cancellingAPeriodicTaskWhileItsQueueIsLockedWaitsInsteadOfFailing() throws Exception {
        QueueLockedExecutor executor = new QueueLockedExecutor();
        Scheduler scheduler = Schedulers.fromExecutorService(executor);
        try {
            Disposable ticks = Flux.interval(Duration.ofHours(1), scheduler).subscribe();
            assertThat(executor.getQueue()).hasSize(1);
            try (HeldLocks held = HeldLocks.hold(List.of(executor.queueLock), Duration.ofMillis(500))) {
                // A non-blocking thread, as an event loop is: it has to wait for the holder.
                StepVerifier.create(Mono.fromRunnable(ticks::dispose).subscribeOn(Schedulers.parallel()))
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
            }
            assertThat(executor.getQueue()).isEmpty();
        }
        finally {
            scheduler.dispose();
        }
    }

    /**
     * Takes a lock of its own where the JDK's queue takes its private one, so the test can hold it:
     * {@code ScheduledFutureTask#cancel} calls this {@code remove}.
     */
    private static final class QueueLockedExecutor extends ScheduledThreadPoolExecutor {

        final ReentrantLock queueLock = new ReentrantLock();

        QueueLockedExecutor() {
            super(1);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public boolean remove(Runnable task) {
            queueLock.lock();
            try {
                return super.remove(task);
            }
            finally {
                queueLock.unlock();
            }
        }
    }
}
