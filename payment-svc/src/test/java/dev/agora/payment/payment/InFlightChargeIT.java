package dev.agora.payment.payment;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider slower than the pending timeout: the sweeper must leave a charge alone while the
 * process that asked the provider is alive, or the late success is thrown away with the money taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=payment-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.payments.pending-timeout=1s", "agora.payments.simulated-slow-delay=4s",
        "agora.payments.sweep-interval=1h" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
class InFlightChargeIT {

    static final TokenForge FORGE = TokenForge.newKey("payment-inflight-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    PendingPaymentSweeper sweeper;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.order.uri", () -> "http://127.0.0.1:9");
    }

    @Test
    void theSweeperLeavesAChargeAloneWhileItsOwnerIsStillAskingTheProvider() {
        UUID order = UUID.randomUUID();
        String token = FORGE.service();
        var charge = CompletableFuture.supplyAsync(() -> http.post().uri("/api/v1/payments")
            .headers(h -> {
                h.setBearerAuth(token);
                h.set("Idempotency-Key", "slow-" + order);
            })
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("orderId", order, "userId", UUID.randomUUID(), "amount",
                    Map.of("amount", "12.00", "currency", "USD"), "paymentMethod", "pm_card_slow"))
            .exchange()
            .returnResult(String.class));
        await().atMost(Duration.ofSeconds(5)).until(() -> "pending".equals(status(order)));

        // Well past the pending timeout, with the provider still working on it.
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        sweeper.settleStale().block(Duration.ofSeconds(10));
        assertThat(status(order)).isEqualTo("pending");

        var answer = charge.join();
        assertThat(answer.getStatus().value()).isEqualTo(201);
        assertThat(status(order)).isEqualTo("succeeded");
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE type = 'payment.failed' AND envelope -> 'data' ->> 'orderId' = :o")
            .bind("o", order.toString()).map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5)))
            .isZero();
    }

    private String status(UUID order) {
        return db.sql("SELECT status FROM payments WHERE order_id = :o").bind("o", order)
            .map((row, meta) -> row.get("status", String.class)).one().block(Duration.ofSeconds(5));
    }
}
