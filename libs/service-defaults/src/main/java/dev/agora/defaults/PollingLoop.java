package dev.agora.defaults;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Background work that runs every interval while the application runs (outbox relay, event
 * consumer, sweepers): one pass at a time, ticks that arrive during a long pass are dropped, and a
 * failed pass is logged and retried on the next tick, so the loop never dies.
 *
 * <p>A loop may also be woken between ticks ({@link #wakeUps()}: a database notification, a
 * message that there is work). Then the interval is only the safety net for a wake-up that was
 * lost, and can be long, so an idle platform does not burn CPU asking for work every few hundred
 * milliseconds. A wake-up during a pass queues exactly one more pass, which sees whatever the
 * wake-up announced; further wake-ups meanwhile fold into it.
 */
public abstract class PollingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final Duration initialDelay;
    private final Duration interval;
    private final Duration minimumGap;
    private volatile Disposable loop;

    protected PollingLoop(Duration initialDelay, Duration interval) {
        this(initialDelay, interval, Duration.ZERO);
    }

    /**
     * @param minimumGap the least time between the end of a pass and the next: under load, wake-ups
     *        come with every commit, and a short gap lets one pass take the rows of many
     */
    protected PollingLoop(Duration initialDelay, Duration interval, Duration minimumGap) {
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.minimumGap = minimumGap;
    }

    /** One pass. */
    protected abstract Mono<Void> poll();

    /**
     * Signals that there may be work now; none by default. Resubscribed (with back-off) whenever it
     * ends or fails, so a listener that lost its connection listens again.
     */
    protected Flux<?> wakeUps() {
        return Flux.empty();
    }

    /**
     * Runs {@code batch} again for as long as it took a full one ({@code full} or more), so that one
     * pass takes a backlog whole: a wake-up or a tick starts a single pass, and a pass of one batch
     * left the rest until the next tick. Emits how many the batches took in all. Each batch must make
     * what it took ineligible for the next (claim, publish, release it), or the pass never ends.
     */
    protected static Mono<Long> untilShort(int full, Supplier<? extends Mono<? extends Number>> batch) {
        return Mono.<Number>defer(batch)
            .expand(took -> took.longValue() >= full ? Mono.<Number>defer(batch) : Mono.empty())
            .reduce(0L, (total, took) -> total + took.longValue());
    }

    @Override
    public void start() {
        Flux<?> woken = Flux.defer(this::wakeUps)
            .doOnError(ex -> log.debug("{} stopped hearing wake-ups; listening again: {}", getClass().getSimpleName(), ex.toString()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
            .repeatWhen(done -> done.delayElements(Duration.ofSeconds(1)));
        Mono<Void> gap = minimumGap.isZero() ? Mono.empty() : Mono.delay(minimumGap).then();
        loop = Flux.merge(Flux.interval(initialDelay, interval), woken)
            .onBackpressureDrop()
            .concatMap(tick -> poll().onErrorResume(ex -> {
                log.warn("{} pass failed; the next one retries: {}", getClass().getSimpleName(), ex.toString());
                log.debug("{} pass failed", getClass().getSimpleName(), ex);
                return Mono.empty();
            }).then(gap), 1)
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
