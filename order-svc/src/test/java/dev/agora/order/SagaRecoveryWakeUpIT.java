package dev.agora.order;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.agora.testsupport.StubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recovery with an interval far longer than any test: what it still does in time, it does because
 * it was woken, not because it looked on its own.
 */
class SagaRecoveryWakeUpIT extends OrderTestBase {

    @Autowired
    DatabaseClient db;

    @DynamicPropertySource
    static void recoveryAlmostNeverLooksOnItsOwn(DynamicPropertyRegistry registry) {
        registry.add("agora.orders.recovery-interval", () -> "1h");
    }

    @Test
    void aStepRetriedLaterIsSentAgainWhenItsRetryIsDue() {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", notNowBeyondTheClientsRetries(payment(UUID.randomUUID(), "succeeded")));
        String buyer = customer(UUID.randomUUID());

        JsonNode order = decided(buyer, order(product, 1, "pm_card_visa"));

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(count(PAYMENTS, "POST", "/api/v1/payments")).isEqualTo(4);
    }

    /**
     * An instance that took a saga's lease and then died leaves the lease to run out; the next look
     * of any instance sees when it does and comes back then.
     */
    @Test
    void aSagaLeftWithALeaseIsDrivenWhenTheLeaseRunsOut() {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        String left = placed(buyer, order(product, 1, "pm_card_visa"), 201).path("id").asString();
        // As a driver that died before committing the reservation leaves it: the step to run, leased for a while.
        db.sql("UPDATE orders SET saga_step = 'commit', saga_lease_until = now() + interval '1 second' WHERE id = :id")
            .bind("id", UUID.fromString(left)).then().block(Duration.ofSeconds(5));
        long commits = count(INVENTORY, "POST", left + "/commit");

        // Any look now, here one woken by another order's retry, sees the lease.
        PAYMENTS.script("POST", "/api/v1/payments", notNowBeyondTheClientsRetries(payment(UUID.randomUUID(), "succeeded")));
        assertThat(decided(buyer, order(product, 1, "pm_card_visa")).path("status").asString()).isEqualTo("CONFIRMED");

        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.sql("SELECT saga_step FROM orders WHERE id = :id")
            .bind("id", UUID.fromString(left)).map((row, meta) -> row.get(0, String.class)).one().block(Duration.ofSeconds(5))));
        assertThat(count(INVENTORY, "POST", left + "/commit")).isEqualTo(commits + 1);
    }

    @Test
    void aFullRefundReturnsTheStockOnceTheRefundIsRecordedNotAtTheNextLook() {
        UUID product = product("10.00");
        UUID paymentId = UUID.randomUUID();
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        String id = placed(customer(buyer), order(product, 1, "pm_card_visa"), 201).path("id").asString();

        refunded(id, paymentId, "14.99", true);

        awaitStatus(customer(buyer), id, "REFUNDED");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", id + "/release") == 1);
    }

    /**
     * Three refusals for now, more than the service client retries on its own (2), so the saga
     * schedules a retry, and only recovery sends the step again; then {@code answer}.
     */
    static StubServer.Answer[] notNowBeyondTheClientsRetries(StubServer.Answer answer) {
        return new StubServer.Answer[] { problem(503, "not-now"), problem(503, "not-now"), problem(503, "not-now"), answer };
    }
}
