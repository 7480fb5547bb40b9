package dev.agora.payment.provider;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.payment.PaymentProperties;

/**
 * The built-in provider for development, tests and load tests. It keeps its books in its own tables
 * (standing in for the provider's side), so that, like a real provider, it answers a repeated charge
 * of the same payment with the first outcome and can be asked what became of a charge. Like a real
 * provider's, its books never join the caller's transaction: what it charged or refunded stays
 * done even when the caller's transaction rolls back.
 */
@Component
@ConditionalOnProperty(name = "agora.payments.provider", havingValue = "simulated", matchIfMissing = true)
class SimulatedProvider implements PaymentProvider {

    private final DatabaseClient db;
    private final PaymentProperties properties;
    private final Clock clock;

    SimulatedProvider(DatabaseClient db, PaymentProperties properties, Clock clock) {
        this.db = db;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public Mono<ChargeOutcome> charge(UUID paymentId, BigDecimal amount, String currency, String paymentMethod) {
        SimulatedCard card = SimulatedCard.of(paymentMethod).orElse(null);
        if (card == null) {
            return Mono.error(new UnknownPaymentMethodException());
        }
        var insert = db.sql("""
                    INSERT INTO simulated_provider_charges
                        (reference, payment_id, amount, currency, payment_method, succeeded, failure_code, created_at)
                    VALUES (:ref, :payment, :amount, :currency, :method, :ok, :code, :now)
                    ON CONFLICT (payment_id) DO NOTHING""")
            .bind("ref", "sim_ch_" + UUID.randomUUID().toString().replace("-", ""))
            .bind("payment", paymentId)
            .bind("amount", amount)
            .bind("currency", currency)
            .bind("method", paymentMethod)
            .bind("ok", card.failureCode == null)
            .bind("code", SqlValues.orNull(card.failureCode, String.class));
        return Mono.delay(card.delay(properties.simulatedSlowDelay()))
            .then(Mono.defer(() -> insert.bind("now", clock.instant()).then()))
            .then(find(paymentId))
            .contextWrite(SimulatedProvider::outsideCallersTransaction);
    }

    @Override
    public Mono<PaymentMethod> describe(String paymentMethod) {
        return Mono.justOrEmpty(SimulatedCard.of(paymentMethod)).map(card -> new PaymentMethod(card.token, card.brand, card.last4));
    }

    /** The test tokens are fixed: what one means changes only with a new release of payment-svc. */
    @Override
    public Duration describedFor(PaymentMethod method) {
        return SimulatedCard.of(method.token()).isPresent() ? Duration.ofHours(1) : Duration.ZERO;
    }

    @Override
    public Mono<ChargeOutcome> find(UUID paymentId) {
        return db.sql("SELECT reference, payment_method FROM simulated_provider_charges WHERE payment_id = :p")
            .bind("p", paymentId)
            .map((row, meta) -> {
                SimulatedCard card = SimulatedCard.of(row.get("payment_method", String.class)).orElseThrow();
                return new ChargeOutcome(row.get("reference", String.class), card.brand, card.last4, card.failureCode,
                        card.failureMessage);
            })
            .one();
    }

    @Override
    public Mono<String> refund(UUID refundId, String chargeReference, BigDecimal amount, String currency) {
        return db.sql("""
                INSERT INTO simulated_provider_refunds (reference, refund_id, charge_reference, amount, created_at)
                VALUES (:ref, :refund, :charge, :amount, :now) ON CONFLICT (refund_id) DO NOTHING""")
            .bind("ref", "sim_re_" + UUID.randomUUID().toString().replace("-", ""))
            .bind("refund", refundId)
            .bind("charge", chargeReference)
            .bind("amount", amount)
            .bind("now", clock.instant())
            .then()
            .then(db.sql("SELECT reference FROM simulated_provider_refunds WHERE refund_id = :r")
                .bind("r", refundId)
                .map((row, meta) -> row.get("reference", String.class))
                .one())
            .contextWrite(SimulatedProvider::outsideCallersTransaction);
    }

    /**
     * R2DBC finds the caller's transaction in the Reactor context; without it these statements run
     * on a connection of their own and commit at once.
     */
    private static Context outsideCallersTransaction(Context context) {
        return Context.empty();
    }
}
