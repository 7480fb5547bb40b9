package dev.agora.defaults.events.types;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.defaults.money.Money;

/**
 * {@code payment.refunded}: one refund settled.
 *
 * @param amount this refund
 * @param totalRefunded all refunds of the payment so far
 * @param fullyRefunded whether nothing of the payment is left
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentRefunded(UUID paymentId, UUID refundId, UUID orderId, String orderReference, UUID userId,
        Money amount, Money totalRefunded, boolean fullyRefunded, String reason) {
}
