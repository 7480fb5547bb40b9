package dev.agora.testsupport;

import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/** Calls that never answer, for testing what a deadline does with them. */
public final class LateCalls {

    private LateCalls() {
    }

    /**
     * Never answers, and throws when cancelled: what a Redis command traced by Lettuce's Micrometer
     * tracing does now and then when cancelled before its span started.
     */
    public static <T> Flux<T> throwingWhenCancelled() {
        return Flux.from(subscriber -> subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                throw new IllegalStateException("Span wasn't started - an observation must be started (not only created)");
            }
        }));
    }
}
