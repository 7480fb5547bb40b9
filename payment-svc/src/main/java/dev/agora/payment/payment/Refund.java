package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.agora.defaults.money.Money;

/**
 * A refund of (part of) a payment.
 *
 * @param status {@code pending} from the moment it is written until the provider confirmed it,
 *        then {@code succeeded}
 * @param providerReference the provider's id of the refund; null while pending
 */
record Refund(UUID id, UUID paymentId, BigDecimal amount, String currency, String reason, RefundStatus status,
        String providerReference, String requestedBy, Instant createdAt) {

    boolean pending() {
        return status == RefundStatus.PENDING;
    }

    View view() {
        return new View(id, paymentId, Money.of(amount, currency), reason, status, providerReference, createdAt);
    }

    record View(UUID id, UUID paymentId, Money amount, String reason, RefundStatus status, String providerReference,
            Instant createdAt) {
    }
}
