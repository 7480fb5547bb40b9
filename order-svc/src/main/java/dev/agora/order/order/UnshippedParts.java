package dev.agora.order.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The parts of a partly shipped order that will never ship once its payment went back in full. Each
 * is recorded cancelled, to be refunded its lines, so that the saga's refund_parts step returns
 * their stock. Their money went back with the rest: the part's own refund then meets a payment
 * refunded in full, which the saga counts as refunded, and payment-svc never refunds more than
 * the payment.
 */
@Component
class UnshippedParts {

    private final FulfilmentRepository fulfilments;
    private final Clock clock;

    UnshippedParts(FulfilmentRepository fulfilments, Clock clock) {
        this.fulfilments = fulfilments;
        this.clock = clock;
    }

    /** Cancels every part of {@code order} (as read, under its lock) not shipped yet; true if there was one. */
    Mono<Boolean> cancel(Order order) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Flux.fromIterable(order.parts())
            .filter(part -> part.status() == FulfilmentStatus.PENDING)
            .concatMap(part -> fulfilments.cancel(order.id(), part.vendorId(), order.subtotalOf(part.vendorId()), now))
            .reduce(false, (any, cancelled) -> any || cancelled);
    }
}
