package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

import dev.agora.payment.provider.PaymentProvider;

/**
 * The simulated provider, except that it can be told to lose the answer to its next refunds: the
 * refund is made at the provider, then the caller sees an error, as with a connection reset after
 * the provider acted.
 */
final class FlakyProvider implements PaymentProvider {

    private static final AtomicInteger LOSE_REFUND_ANSWERS = new AtomicInteger();

    private final PaymentProvider delegate;

    private FlakyProvider(PaymentProvider delegate) {
        this.delegate = delegate;
    }

    static void loseNextRefundAnswers(int count) {
        LOSE_REFUND_ANSWERS.set(count);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Mono<ChargeOutcome> charge(UUID paymentId, BigDecimal amount, String currency, String paymentMethod) {
        return delegate.charge(paymentId, amount, currency, paymentMethod);
    }

    @Override
    public Mono<PaymentMethod> describe(String paymentMethod) {
        return delegate.describe(paymentMethod);
    }

    @Override
    public Duration describedFor(PaymentMethod method) {
        return delegate.describedFor(method);
    }

    @Override
    public Mono<ChargeOutcome> find(UUID paymentId) {
        return delegate.find(paymentId);
    }

    @Override
    public Mono<String> refund(UUID refundId, String chargeReference, BigDecimal amount, String currency) {
        return delegate.refund(refundId, chargeReference, amount, currency)
            .flatMap(reference -> LOSE_REFUND_ANSWERS.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? Mono.error(new IllegalStateException("connection reset after the provider refunded"))
                    : Mono.just(reference));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        @Primary
        PaymentProvider flakyProvider(@Qualifier("simulatedProvider") PaymentProvider simulated) {
            return new FlakyProvider(simulated);
        }
    }
}
