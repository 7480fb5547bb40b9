package dev.agora.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.order.OrderProperties;

/**
 * Finishes or compensates every saga nobody is driving: after a crash (the lease ran out), or when
 * a step waits for a retry. Claims a batch with {@code SKIP LOCKED} and a fresh lease, so several
 * instances share the work and never drive one order twice at once.
 */
@Component
class SagaRecovery extends PollingLoop {

    private final SagaSteps steps;
    private final Saga saga;
    private final OrderProperties properties;
    private final Clock clock;
    private volatile long unfinished;

    SagaRecovery(SagaSteps steps, Saga saga, OrderProperties properties, Clock clock, MeterRegistry meters) {
        super(Duration.ofSeconds(1), properties.recoveryInterval());
        this.steps = steps;
        this.saga = saga;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("agora.orders.sagas.unfinished", () -> unfinished)
            .description("Checkout sagas not yet confirmed or compensated")
            .register(meters);
    }

    @Override
    protected Mono<Void> poll() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return steps.unfinished()
            .doOnNext(count -> unfinished = count)
            .thenMany(steps.claimStalled(now, now.plus(properties.sagaLease())))
            // One order failing (say its row vanished) must not stop the others.
            .flatMap(id -> saga.drive(id).onErrorResume(ex -> Mono.empty()), 4)
            .then();
    }
}
