package dev.agora.defaults;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Background work that runs every interval while the application runs (outbox relay, event
 * consumer, sweepers): one pass at a time, ticks that arrive during a long pass are dropped, and a
 * failed pass is logged and retried on the next tick, so the loop never dies.
 */
public abstract class PollingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final Duration initialDelay;
    private final Duration interval;
    private volatile Disposable loop;

    protected PollingLoop(Duration initialDelay, Duration interval) {
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One pass. */
    protected abstract Mono<Void> poll();

    @Override
    public void start() {
        loop = Flux.interval(initialDelay, interval)
            .onBackpressureDrop()
            .concatMap(tick -> poll().onErrorResume(ex -> {
                log.warn("{} pass failed; the next one retries: {}", getClass().getSimpleName(), ex.toString());
                log.debug("{} pass failed", getClass().getSimpleName(), ex);
                return Mono.empty();
            }), 1)
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
