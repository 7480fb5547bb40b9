package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.agora.defaults.money.Money;

/**
 * A payment row.
 *
 * @param orderReference the order's human reference as order-svc gave it, or null
 */
record Payment(UUID id, UUID orderId, UUID userId, BigDecimal amount, String currency, BigDecimal refundedAmount,
        PaymentStatus status, String paymentMethod, String cardBrand, String cardLast4, String provider,
        String providerReference, String failureCode, String failureMessage, String orderReference, Instant createdAt,
        Instant updatedAt) {

    boolean refundable() {
        return status == PaymentStatus.SUCCEEDED || status == PaymentStatus.PARTIALLY_REFUNDED;
    }

    BigDecimal refundableAmount() {
        return amount.subtract(refundedAmount);
    }

    View view() {
        return new View(id, orderId, orderReference, userId, Money.of(amount, currency), Money.of(refundedAmount, currency), status,
                new Method(paymentMethod, cardBrand, cardLast4), provider, providerReference, failureCode,
                failureMessage, createdAt, updatedAt);
    }

    /** The payment method as Agora knows it: the provider's token and what the provider reported. */
    record Method(String token, String brand, String last4) {
    }

    /** The API shape of a payment. */
    record View(UUID id, UUID orderId, String orderReference, UUID userId, Money amount, Money refunded,
            PaymentStatus status, Method paymentMethod,
            String provider, String providerReference, String failureCode, String failureMessage, Instant createdAt,
            Instant updatedAt) {
    }
}
