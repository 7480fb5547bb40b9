package dev.agora.payment.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * A card payment provider. Agora never sees card data: the frontend tokenises the card with the
 * provider and Agora passes the token on. Implementations must be idempotent per Agora id: charging
 * the same payment id twice takes the money once, and {@link #find} tells what became of a charge
 * whose caller died before hearing the answer.
 */
public interface PaymentProvider {

    /** The provider's name, stored with every payment. */
    String name();

    /**
     * Charges {@code amount} to the tokenised method. A decline is an outcome, not an error; errors
     * mean the outcome is unknown. An unknown token fails with {@link UnknownPaymentMethodException}.
     */
    Mono<ChargeOutcome> charge(UUID paymentId, BigDecimal amount, String currency, String paymentMethod);

    /** What the provider knows of a payment method token, or empty if it knows no such token. */
    Mono<PaymentMethod> describe(String paymentMethod);

    /**
     * How long {@link #describe}'s answer for this known method is sure to stay true, so that a
     * caller may keep it: zero when it may change at any time, as a customer's saved card may be
     * removed. No default, so that a provider (or a wrapper of one) has to say.
     */
    Duration describedFor(PaymentMethod method);

    /** What the provider recorded for a payment id, or empty if it never charged it. */
    Mono<ChargeOutcome> find(UUID paymentId);

    /**
     * Returns {@code amount} of a successful charge; answers the provider's refund reference. Must be
     * idempotent per {@code refundId}: asking again with the same id answers the first refund.
     */
    Mono<String> refund(UUID refundId, String chargeReference, BigDecimal amount, String currency);

    /** A payment method as the provider describes it: never a card number. */
    record PaymentMethod(String token, String brand, String last4) {
    }

    /**
     * What a charge came to.
     *
     * @param reference the provider's id of the charge
     * @param brand card brand, e.g. {@code visa}
     * @param last4 last four digits of the card
     * @param failureCode e.g. {@code card_declined}; null when it succeeded
     * @param failureMessage a message safe to show the customer; null when it succeeded
     */
    record ChargeOutcome(String reference, String brand, String last4, String failureCode, String failureMessage) {

        public boolean succeeded() {
            return failureCode == null;
        }
    }
}
