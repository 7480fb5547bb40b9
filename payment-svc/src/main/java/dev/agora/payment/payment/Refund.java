package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.agora.defaults.money.Money;

/** A refund of (part of) a payment. */
record Refund(UUID id, UUID paymentId, BigDecimal amount, String currency, String reason, String providerReference,
        String requestedBy, Instant createdAt) {

    View view() {
        return new View(id, paymentId, Money.of(amount, currency), reason, providerReference, createdAt);
    }

    record View(UUID id, UUID paymentId, Money amount, String reason, String providerReference, Instant createdAt) {
    }
}
