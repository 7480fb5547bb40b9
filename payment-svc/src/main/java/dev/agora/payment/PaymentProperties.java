package dev.agora.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param provider the payment provider: {@code simulated} (built in), or the name a provider
 *        module registers itself under
 * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
 * @param pendingTimeout a payment still pending after this (its request died mid-charge) is settled
 *        from the provider's books
 * @param sweepInterval how often pending payments and old keys are looked at
 * @param simulatedSlowDelay how long the simulated provider takes for {@code pm_card_slow}
 */
@ConfigurationProperties("agora.payments")
public record PaymentProperties(@DefaultValue("simulated") String provider,
        @DefaultValue("24h") Duration idempotencyRetention, @DefaultValue("1m") Duration pendingTimeout,
        @DefaultValue("30s") Duration sweepInterval, @DefaultValue("5s") Duration simulatedSlowDelay) {
}
