package dev.agora.order.order;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PaymentRefunded;

/**
 * Follows refunds made in payment-svc (an admin's, or the saga's own compensations) onto the order:
 * the refunded amount shows on it, each refund is kept for the receipt's credit notes, and a payment refunded in full ends the order as REFUNDED, so it
 * can no longer ship; an order refunded before it shipped also gives its stock back, and a partly shipped one
 * that of its parts not shipped yet. Runs in the
 * event consumer's transaction, so a redelivered event changes nothing twice.
 */
@Component
class PaymentRefunds {

    private static final String ACTOR = "system:payments";

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final Compensations compensations;
    private final UnshippedParts unshipped;

    PaymentRefunds(OrderRepository orders, OrderTransitions transitions, Compensations compensations, UnshippedParts unshipped) {
        this.orders = orders;
        this.transitions = transitions;
        this.compensations = compensations;
        this.unshipped = unshipped;
    }

    Mono<Void> handle(ReceivedEvent event) {
        PaymentRefunded refund = event.data(PaymentRefunded.class);
        UUID orderId = refund.orderId();
        UUID paymentId = refund.paymentId();
        BigDecimal totalRefunded = refund.totalRefunded().value();
        boolean full = refund.fullyRefunded();
        return orders.lock(orderId).flatMap(order -> {
            if (OrderStatus.PENDING.equals(order.status()) && order.sagaOutcome() == null) {
                // Checkout is still deciding with this payment: apply the refund once it has (the event is redelivered).
                return Mono.error(new IllegalStateException("order " + orderId + " is still in checkout"));
            }
            if (!paymentId.equals(order.paymentId())) {
                // Another payment of the order that the saga returned: the order's books are its own payment's.
                return Mono.empty();
            }
            Mono<Void> record = orders.recordRefunded(orderId, totalRefunded)
                .then(refund.refundId() == null || refund.amount() == null ? Mono.empty()
                        : orders.recordRefund(orderId, paymentId, refund.refundId(), refund.amount().value(), refund.reason(),
                                event.occurredAt()));
            if (!full) {
                return record;
            }
            String reason = refund.reason() != null ? refund.reason() : "The payment was refunded in full.";
            return switch (order.status()) {
                case OrderStatus.CONFIRMED -> record.then(transitions.move(order, OrderStatus.REFUNDED, ACTOR, reason, null))
                    .then(orders.scheduleRestock(orderId))
                    .then(compensations.recoverAfterCommit());
                // Some of it is with the customer; the parts not shipped yet never will be, and their stock returns.
                case OrderStatus.PARTIALLY_SHIPPED -> record.then(transitions.move(order, OrderStatus.REFUNDED, ACTOR, reason, null))
                    .then(unshipped.cancel(order))
                    .flatMap(any -> any ? orders.schedulePartRefunds(orderId).then(compensations.recoverAfterCommit())
                            : Mono.<Void>empty());
                // All of it is with the customer: nothing returns to the shelf.
                case OrderStatus.SHIPPED, OrderStatus.DELIVERED -> record.then(transitions.move(order, OrderStatus.REFUNDED, ACTOR, reason, null));
                default -> record;
            };
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscription {

        @Bean
        EventHandler paymentRefundsHandler(PaymentRefunds refunds) {
            return EventHandler.of(EventStreams.PAYMENTS, Set.of(EventTypes.PAYMENT_REFUNDED), refunds::handle);
        }
    }
}
