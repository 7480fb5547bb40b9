package dev.agora.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.agora.defaults.r2dbc.AfterCommit;

/**
 * When {@link SagaRecovery} must look next, besides its interval: when a retry this instance
 * scheduled is due, when a lease it saw runs out, or once a transaction that handed an order to
 * recovery has committed. With these, the interval is only the net for what another instance
 * left behind, so it can be long, and an idle order-svc does not ask the database every 2 s.
 */
@Component
class SagaWakeUps {

    /** Past the instant itself: the claim takes leases that ran out strictly before its {@code now}. */
    private static final Duration MARGIN = Duration.ofMillis(5);

    private final Clock clock;
    private final Sinks.Many<Instant> wakes = Sinks.many().multicast().directBestEffort();
    /** The earliest look already scheduled and not yet made; guarded by this. */
    private Instant scheduled;

    SagaWakeUps(Clock clock) {
        this.clock = clock;
    }

    /** Recovery looks at {@code when} (at once if it is past), unless an earlier look is already scheduled. */
    void at(Instant when) {
        Instant now = clock.instant();
        synchronized (this) {
            if (scheduled != null && scheduled.isAfter(now) && !scheduled.isAfter(when)) {
                return;
            }
            scheduled = when;
        }
        Duration wait = Duration.between(now, when);
        Mono.delay(wait.isNegative() ? Duration.ZERO : wait.plus(MARGIN)).subscribe(tick -> fire(when));
    }

    /**
     * Recovery looks once the caller's transaction commits, so it sees what the transaction wrote;
     * at once when there is no transaction.
     */
    Mono<Void> afterCommit() {
        return AfterCommit.run(() -> Mono.fromRunnable(() -> at(clock.instant())));
    }

    Flux<Instant> looks() {
        return wakes.asFlux();
    }

    private void fire(Instant when) {
        synchronized (this) {
            if (when.equals(scheduled)) {
                scheduled = null;
            }
            // Serialised by the lock: a sink must not be emitted to from two threads at once.
            wakes.tryEmitNext(when);
        }
    }
}
