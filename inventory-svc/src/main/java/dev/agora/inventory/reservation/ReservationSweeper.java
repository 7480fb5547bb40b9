package dev.agora.inventory.reservation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.inventory.InventoryProperties;

/**
 * Releases reservations whose order never paid within the TTL, so abandoned checkouts do not hold
 * stock forever. Safe on several instances (rows are claimed with SKIP LOCKED).
 */
@Component
class ReservationSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    private final Reservations reservations;
    private final InventoryProperties properties;
    private volatile Disposable loop;

    ReservationSweeper(Reservations reservations, InventoryProperties properties) {
        this.reservations = reservations;
        this.properties = properties;
    }

    Mono<Void> sweep() {
        return reservations.expireDue()
            .doOnNext(n -> {
                if (n > 0) {
                    log.info("Released {} expired reservation(s)", n);
                }
            })
            .onErrorResume(ex -> {
                log.warn("Reservation sweep failed; next run retries: {}", ex.toString());
                return Mono.empty();
            })
            .then();
    }

    @Override
    public void start() {
        loop = Flux.interval(properties.sweepInterval())
            .onBackpressureDrop()
            .concatMap(tick -> sweep(), 1)
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
