package dev.agora.defaults;

import java.time.Duration;

import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Timeouts that always answer.
 *
 * <p>Reactor's {@code timeout} cancels the late source and only then signals the
 * {@code TimeoutException}. If cancelling throws, the timer swallows
 * the exception and the signal never comes: the caller waits forever, and nothing is logged.
 * Cancelling a Redis command does throw now and then: Lettuce's Micrometer tracing ends the
 * command's span on cancel, and throws when the span was not started yet ("Span wasn't started")
 * or its timer sample is missing. Under load that left about one catalogue read in 50,000 hanging
 * until the gateway gave up with a 504. Here an exception from the cancellation is kept from the
 * timer, so the deadline always fires.
 */
public final class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private Deadlines() {
    }

    /** {@code source.timeout(deadline)}, signalling the {@code TimeoutException} even if cancelling the source fails. */
    public static <T> Mono<T> within(Mono<T> source, Duration deadline) {
        return shielded(source).timeout(deadline);
    }

    private static <T> Mono<T> shielded(Mono<T> source) {
        return source.transform(Operators.<T, T>lift((scannable, actual) -> new ShieldedCancel<>(actual)));
    }

    private static final class ShieldedCancel<T> implements CoreSubscriber<T>, Subscription {

        private final CoreSubscriber<? super T> actual;
        private Subscription upstream;

        ShieldedCancel(CoreSubscriber<? super T> actual) {
            this.actual = actual;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.validate(upstream, subscription)) {
                upstream = subscription;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            try {
                upstream.cancel();
            }
            catch (RuntimeException ex) {
                // Expected now and then (see above), and harmless once kept from the timer.
                log.debug("Cancelling a late call failed; its deadline answers anyway", ex);
            }
        }
    }
}
