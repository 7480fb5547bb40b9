package dev.agora.payment.provider;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The simulated provider's test tokens: the token alone fixes the outcome, so tests and load tests
 * are deterministic. README.md ("Payments") carries the same table.
 */
enum SimulatedCard {

    VISA("pm_card_visa", "visa", "4242", null, null, false),
    MASTERCARD("pm_card_mastercard", "mastercard", "4444", null, null, false),
    AMEX("pm_card_amex", "amex", "8431", null, null, false),
    DECLINED("pm_card_declined", "visa", "0002", "card_declined", "Your card was declined.", false),
    INSUFFICIENT_FUNDS("pm_card_insufficient_funds", "visa", "9995", "insufficient_funds",
            "Your card has insufficient funds.", false),
    PROCESSING_ERROR("pm_card_processing_error", "visa", "0119", "processing_error",
            "An error occurred while processing your card. Try again in a little bit.", false),
    SLOW("pm_card_slow", "visa", "1881", null, null, true);

    final String token;
    final String brand;
    final String last4;
    final String failureCode;
    final String failureMessage;
    final boolean slow;

    SimulatedCard(String token, String brand, String last4, String failureCode, String failureMessage, boolean slow) {
        this.token = token;
        this.brand = brand;
        this.last4 = last4;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
        this.slow = slow;
    }

    static Optional<SimulatedCard> of(String token) {
        return Arrays.stream(values()).filter(c -> c.token.equals(token)).findFirst();
    }

    Duration delay(Duration slowDelay) {
        return slow ? slowDelay : Duration.ZERO;
    }
}
