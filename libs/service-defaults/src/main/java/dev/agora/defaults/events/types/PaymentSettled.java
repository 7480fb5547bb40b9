package dev.agora.defaults.events.types;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.defaults.money.Money;

/**
 * {@code payment.succeeded} and {@code payment.failed}.
 *
 * @param failureCode why it failed; null when it succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentSettled(UUID paymentId, UUID orderId, String orderReference, UUID userId, Money amount,
        String failureCode, String failureMessage) {
}
