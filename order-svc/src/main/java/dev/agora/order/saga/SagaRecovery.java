package dev.agora.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.order.OrderProperties;

/**
 * Finishes or compensates every saga nobody is driving: after a crash (the lease ran out), or when
 * a step waits for a retry. Claims a batch with {@code SKIP LOCKED} and a fresh lease, so several
 * instances share the work and never drive one order twice at once.
 *
 * <p>It looks when there may be work ({@link SagaWakeUps}): when a retry is due, when the earliest
 * lease it saw runs out, and after a transaction handed it an order. Its interval is the net for
 * sagas another instance leased and then left (it crashed); it is shorter than a lease, so a look
 * sees every lease before it runs out.
 */
@Component
class SagaRecovery extends PollingLoop {

    private final SagaSteps steps;
    private final Saga saga;
    private final OrderProperties properties;
    private final Clock clock;
    private final SagaWakeUps wakeUps;
    private volatile long unfinished;

    SagaRecovery(SagaSteps steps, Saga saga, OrderProperties properties, Clock clock, MeterRegistry meters,
            SagaWakeUps wakeUps) {
        // The gap bounds how often a saga another transaction still holds can make it look again.
        super(Duration.ofSeconds(1), properties.recoveryInterval(), Duration.ofMillis(50));
        this.steps = steps;
        this.wakeUps = wakeUps;
        this.saga = saga;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("agora.orders.sagas.unfinished", () -> unfinished)
            .description("Checkout sagas not yet confirmed or compensated")
            .register(meters);
    }

    @Override
    protected Mono<Void> poll() {
        Instant now = now();
        return steps.claimStalled(now, now.plus(properties.sagaLease()))
            // One order failing (say its row vanished) must not stop the others.
            .flatMap(id -> saga.drive(id).onErrorResume(ex -> Mono.empty()), 4)
            // Counted after driving, so the next look is set by what is left.
            .then(steps.unfinished())
            .doOnNext(left -> {
                unfinished = left.count();
                Instant next = left.claimableFrom(now());
                if (next != null) {
                    wakeUps.at(next);
                }
            })
            .then();
    }

    @Override
    protected Flux<?> wakeUps() {
        return wakeUps.looks();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
