package dev.agora.inventory.reservation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.inventory.InventoryProperties;

/**
 * Releases reservations whose order never paid within the TTL, so abandoned checkouts do not hold
 * stock forever. Safe on several instances (rows are claimed with SKIP LOCKED).
 */
@Component
class ReservationSweeper extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    private final Reservations reservations;

    ReservationSweeper(Reservations reservations, InventoryProperties properties) {
        super(properties.sweepInterval(), properties.sweepInterval());
        this.reservations = reservations;
    }

    /**
     * Releases what has expired, a look's worth at a time, until a look comes back short: at one look
     * per interval, a checkout's worth of reservations expiring together (order-svc away longer than
     * the TTL) held their stock for many intervals.
     */
    @Override
    protected Mono<Void> poll() {
        return untilShort(Reservations.EXPIRED_PER_LOOK, reservations::expireDue)
            .doOnNext(n -> {
                if (n > 0) {
                    log.info("Released {} expired reservation(s)", n);
                }
            })
            .then();
    }
}
