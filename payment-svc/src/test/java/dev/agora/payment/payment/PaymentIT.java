package dev.agora.payment.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StubServer;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * payment-svc on a random port over real PostgreSQL and Redis, with the simulated provider and a
 * stand-in for order-svc's internal order lookup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=payment-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.payments.simulated-slow-delay=1s", "agora.payments.sweep-interval=1h" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
@Import({ FlakyProvider.Configuration.class, SqlStatements.class })
class PaymentIT {

    static final TokenForge FORGE = TokenForge.newKey("payment-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);
    static final StubServer ORDERS = new StubServer();

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    PendingPaymentSweeper sweeper;

    @Autowired
    SqlStatements statements;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.order.uri", ORDERS::url);
    }

    @AfterAll
    static void close() {
        ORDERS.close();
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    static String service() {
        return FORGE.service();
    }

    static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static String customer(UUID id) {
        return FORGE.draft(id, "customer").sign();
    }

    static Map<String, Object> charge(UUID order, UUID user, String amount, String method) {
        return Map.of("orderId", order, "userId", user, "amount", Map.of("amount", amount, "currency", "USD"),
                "paymentMethod", method);
    }

    WebTestClient.ResponseSpec post(String token, String key, Object body) {
        return http.post().uri("/api/v1/payments").headers(h -> {
            h.setBearerAuth(token);
            if (key != null) {
                h.set("Idempotency-Key", key);
            }
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> succeeded(UUID user, String amount) {
        return post(service(), UUID.randomUUID().toString(), charge(UUID.randomUUID(), user, amount, "pm_card_visa"))
            .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    /** The statuses of {@code n} requests sent at once, in the order they were made. */
    static List<Integer> statusesOf(int n, IntFunction<WebTestClient.ResponseSpec> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(pool.submit(() -> request.apply(index).returnResult(String.class).getStatus().value()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        }
        finally {
            pool.shutdownNow();
        }
    }

    long count(String sql, Object id) {
        return db.sql(sql).bind("id", id).map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5));
    }

    @Test
    void chargesTheSuccessTokenAndShowsThePaymentOnlyToItsCustomerAndAdmins() {
        UUID user = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        post(service(), "k-" + order, charge(order, user, "19.99", "pm_card_visa"))
            .expectStatus().isCreated()
            .expectHeader().valueEquals("Idempotent-Replayed", "false")
            .expectBody()
            .jsonPath("$.status").isEqualTo("succeeded")
            .jsonPath("$.amount.amount").isEqualTo("19.99")
            .jsonPath("$.paymentMethod.brand").isEqualTo("visa")
            .jsonPath("$.paymentMethod.last4").isEqualTo("4242")
            .jsonPath("$.providerReference").value(ref -> assertThat((String) ref).startsWith("sim_ch_"))
            .jsonPath("$.userId").isEqualTo(user.toString());
        String id = paymentIdOf(order);

        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(customer(user))).exchange()
            .expectStatus().isOk();
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk();
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID()))).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/payments/order/{id}", order).headers(h -> h.setBearerAuth(customer(user))).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
        http.get().uri("/api/v1/payments/order/{id}", order).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        assertThat(count("SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.succeeded'",
                id)).isEqualTo(1);
    }

    @Test
    void startsAndSettlesAChargeInOneStatementEachWithoutReadingThePaymentBack() {
        UUID user = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        post(service(), "k-" + order, charge(order, user, "19.99", "pm_card_visa")).expectStatus().isCreated()
            .expectBody().jsonPath("$.status").isEqualTo("succeeded").jsonPath("$.paymentMethod.last4").isEqualTo("4242");
        UUID id = UUID.fromString(paymentIdOf(order));

        List<String> sql = statements.about(id);
        // The key is claimed by the statement that writes the payment.
        assertThat(sql).filteredOn(statement -> statement.contains("INSERT INTO payment_idempotency_keys")).singleElement()
            .satisfies(start -> assertThat(start).contains("INSERT INTO payments"));
        assertThat(sql).filteredOn(statement -> statement.contains("UPDATE payments SET status")).singleElement()
            .satisfies(settle -> assertThat(settle).contains("INSERT INTO outbox"));
        // The settling update answers the payment as it left it.
        assertThat(sql).filteredOn(statement -> statement.contains("FROM payments WHERE id")).isEmpty();
        assertThat(db.sql("""
                SELECT envelope -> 'data' ->> 'orderId' AS order_id, envelope -> 'data' ->> 'userId' AS user_id,
                    envelope -> 'data' -> 'amount' ->> 'amount' AS amount FROM outbox
                WHERE subject = CAST(:id AS text) AND type = 'payment.succeeded'""").bind("id", id)
            .map((row, meta) -> List.of(row.get("order_id", String.class), row.get("user_id", String.class),
                    row.get("amount", String.class)))
            .all().collectList().block(Duration.ofSeconds(5)))
            .containsExactly(List.of(order.toString(), user.toString(), "19.99"));
    }

    private String paymentIdOf(UUID order) {
        return db.sql("SELECT id FROM payments WHERE order_id = :o").bind("o", order)
            .map((row, meta) -> row.get("id", UUID.class).toString()).one().block(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource({ "pm_card_declined,card_declined", "pm_card_insufficient_funds,insufficient_funds",
            "pm_card_processing_error,processing_error" })
    void eachFailureTokenFailsWithItsReason(String token, String code) {
        UUID order = UUID.randomUUID();
        post(service(), "k-" + order, charge(order, UUID.randomUUID(), "5.00", token))
            .expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.status").isEqualTo("failed")
            .jsonPath("$.failureCode").isEqualTo(code)
            .jsonPath("$.failureMessage").isNotEmpty();
        assertThat(count("SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.failed'",
                paymentIdOf(order))).isEqualTo(1);
        // A failed payment does not block paying the order with another card.
        post(service(), "k2-" + order, charge(order, UUID.randomUUID(), "5.00", "pm_card_visa"))
            .expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("succeeded");
    }

    @Test
    void theSlowTokenSucceedsAfterTheConfiguredDelay() {
        UUID order = UUID.randomUUID();
        Instant start = Instant.now();
        post(service(), "k-" + order, charge(order, UUID.randomUUID(), "5.00", "pm_card_slow"))
            .expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("succeeded");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyChargeOnce() throws Exception {
        UUID order = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = service();
        var body = charge(order, user, "42.00", "pm_card_slow");
        List<Integer> statuses = statusesOf(20, i -> post(token, "same-key-" + order, body));
        assertThat(statuses).containsOnly(201, 409).contains(201);
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM simulated_provider_charges c JOIN payments p ON p.id = c.payment_id "
                + "WHERE p.order_id = :id", order)).isEqualTo(1);
        // Once settled, the same key replays the same payment.
        post(token, "same-key-" + order, body).expectStatus().isCreated()
            .expectHeader().valueEquals("Idempotent-Replayed", "true")
            .expectBody().jsonPath("$.id").isEqualTo(paymentIdOf(order));
    }

    @Test
    void concurrentRequestsWithOtherKeysForOneOrderChargeItOnceAndKeepOnlyTheWinnersKey() throws Exception {
        UUID order = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = service();
        var body = charge(order, user, "42.00", "pm_card_visa");
        List<Integer> statuses = statusesOf(8, i -> post(token, "other-key-" + i + "-" + order, body));
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 201).containsOnly(409);
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isEqualTo(1);
        // A refused request leaves nothing: its key would otherwise replay someone else's payment.
        assertThat(count("SELECT count(*) FROM payment_idempotency_keys WHERE key LIKE '%' || CAST(:id AS text)", order))
            .isEqualTo(1);
        post(token, "late-key-" + order, body).expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/order-already-paid");
        assertThat(count("SELECT count(*) FROM payment_idempotency_keys WHERE key = 'late-key-' || CAST(:id AS text)", order))
            .isZero();
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndTheKeyIsScopedToTheCaller() {
        UUID order = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = service();
        post(token, "reuse-" + order, charge(order, user, "10.00", "pm_card_visa")).expectStatus().isCreated();
        post(token, "reuse-" + order, charge(order, user, "11.00", "pm_card_visa"))
            .expectStatus().isEqualTo(422)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/idempotency-key-reused");
        // "10.0" is the same amount as "10.00": a replay, not a new request.
        post(token, "reuse-" + order, charge(order, user, "10.0", "pm_card_visa")).expectStatus().isCreated()
            .expectHeader().valueEquals("Idempotent-Replayed", "true");
        // Another caller's identical key is its own; the order already has a live payment, though.
        post(service(), "reuse-" + order, charge(order, user, "10.00", "pm_card_visa"))
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/order-already-paid");
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isEqualTo(1);
    }

    @Test
    void refusesBadInputWithoutWritingAnything() {
        UUID order = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        post(service(), null, charge(order, user, "10.00", "pm_card_visa"))
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        post(service(), "k1", charge(order, user, "10.00", "pm_card_bogus"))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/unknown-payment-method");
        post(service(), "k2", charge(order, user, "-1.00", "pm_card_visa")).expectStatus().isBadRequest();
        post(service(), "k3", charge(order, user, "0", "pm_card_visa")).expectStatus().isBadRequest();
        post(service(), "k4", charge(order, user, "1.001", "pm_card_visa")).expectStatus().isBadRequest();
        post(service(), "k5", Map.of("orderId", order, "userId", user, "amount", Map.of("amount", "1.00", "currency", "XXX"),
                "paymentMethod", "pm_card_visa")).expectStatus().isBadRequest();
        post(service(), "k6", Map.of("orderId", order, "amount", Map.of("amount", "1.00", "currency", "USD"),
                "paymentMethod", "pm_card_visa")).expectStatus().isBadRequest();
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isZero();
        assertThat(db.sql("SELECT count(*) FROM payment_idempotency_keys WHERE key IN ('k1','k2','k3','k4','k5','k6')")
            .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5))).isZero();
    }

    @Test
    void refusesAnythingShapedLikeACardNumberAndDoesNotEchoIt() {
        UUID order = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        for (Object body : List.<Object>of(charge(order, user, "10.00", "4242424242424242"),
                Map.of("orderId", order, "userId", user, "amount", Map.of("amount", "10.00", "currency", "USD"),
                        "paymentMethod", "pm_card_visa", "card", Map.of("number", "4000 0566 5566 5556")),
                Map.of("orderId", order, "userId", user, "amount", Map.of("amount", "10.00", "currency", "USD"),
                        "paymentMethod", "pm_card_visa", "pan", 5555555555554444L))) {
            String answer = post(service(), "card-" + UUID.randomUUID(), body)
                .expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();
            // The request id is a random UUID, which now and then holds "5556" itself.
            assertThat(answer.replaceAll("\"requestId\":\"[0-9a-f-]+\"", "")).contains("raw-card-data")
                .doesNotContain("4242424242424242").doesNotContain("5556").doesNotContain("5555555555554444");
        }
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isZero();
        // Ids and amounts that merely contain digits are not card numbers.
        UUID digits = UUID.fromString("12345678-1234-1234-1234-123456789012");
        post(service(), "digits-" + order, charge(digits, user, "123456789012345.00", "pm_card_visa"))
            .expectStatus().isCreated();
    }

    @Test
    void aCustomerCannotPayAnOrderBesideItsCheckoutAndOthersOrdersAre404() {
        UUID owner = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        ORDERS.on("GET", "/internal/orders/" + order, 200, "{\"id\":\"" + order + "\",\"userId\":\"" + owner
                + "\",\"status\":\"PENDING\",\"total\":{\"amount\":\"30.00\",\"currency\":\"USD\"}}");
        var pay = Map.of("orderId", order, "amount", Map.of("amount", "30.00", "currency", "USD"), "paymentMethod",
                "pm_card_visa");
        post(customer(UUID.randomUUID()), "x", pay).expectStatus().isNotFound();
        // The saga owns the charge: a payment beside it could stay captured when the saga cancels the order.
        post(customer(owner), "y", pay)
            .expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/checkout-owns-payment");
        post(customer(UUID.randomUUID()), "x", Map.of("orderId", UUID.randomUUID(), "amount",
                Map.of("amount", "30.00", "currency", "USD"), "paymentMethod", "pm_card_visa"))
            .expectStatus().isNotFound();
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isZero();
        assertThat(count("SELECT count(*) FROM simulated_provider_charges c JOIN payments p ON p.id = c.payment_id "
                + "WHERE p.order_id = :id", order)).isZero();
    }

    @Test
    void aServiceClientWithoutTheScopeCanNeitherChargeNorRefundNorRead() {
        String id = (String) succeeded(UUID.randomUUID(), "9.00").get("id");
        // A client given only what payment-svc asks of order-svc, say: none of this is its business.
        String reader = FORGE.draft(UUID.randomUUID(), "service").claim("scope", "orders:read").sign();
        UUID order = UUID.randomUUID();
        post(reader, "k-" + order, charge(order, UUID.randomUUID(), "9.00", "pm_card_visa"))
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        refund(reader, id, "steal", Map.of()).expectStatus().isForbidden();
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(reader)).exchange().expectStatus().isForbidden();
        http.get().uri("/internal/payment-methods/pm_card_visa").headers(h -> h.setBearerAuth(reader)).exchange()
            .expectStatus().isForbidden();
        assertThat(count("SELECT count(*) FROM payments WHERE order_id = :id", order)).isZero();
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("succeeded");
    }

    @Test
    void tellsOrderServiceWhetherThePaymentMethodTokenIsKnown() {
        http.get().uri("/internal/payment-methods/pm_card_visa").headers(h -> h.setBearerAuth(service())).exchange()
            .expectStatus().isOk()
            // The simulated provider's test tokens never change: order-svc may keep the answer.
            .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
            .expectBody().jsonPath("$.brand").isEqualTo("visa").jsonPath("$.last4").isEqualTo("4242");
        HttpHeaders unknown = http.get().uri("/internal/payment-methods/pm_card_bogus").headers(h -> h.setBearerAuth(service()))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .returnResult(String.class).getResponseHeaders();
        // An unknown token may be known tomorrow: that answer is never kept.
        assertThat(String.valueOf(unknown.getCacheControl())).doesNotContain("max-age");
        http.get().uri("/internal/payment-methods/pm_card_visa").headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isForbidden();
    }

    @Test
    void aRefundWhoseConfirmationWasLostIsCompletedByTheRetryWithoutRefundingTwice() {
        UUID user = UUID.randomUUID();
        String id = (String) succeeded(user, "50.00").get("id");
        // The provider refunds, then the answer is lost (a reset connection, a crash before the commit).
        FlakyProvider.loseNextRefundAnswers(1);
        refund(service(), id, "cancel-lost", Map.of("reason", "order cancelled"))
            .expectStatus().isEqualTo(503)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/refund-pending");
        assertThat(providerRefunds(id)).isEqualTo(1);
        // While it is pending its amount is held: nothing more can be refunded beside it.
        refund(admin(), id, null, Map.of("amount", Map.of("amount", "0.01", "currency", "USD")))
            .expectStatus().isEqualTo(422);

        refund(service(), id, "cancel-lost", Map.of("reason", "order cancelled"))
            .expectStatus().isCreated()
            .expectBody().jsonPath("$.amount.amount").isEqualTo("50.00").jsonPath("$.status").isEqualTo("succeeded");
        refund(service(), id, "cancel-lost", Map.of("reason", "order cancelled")).expectStatus().isOk();

        assertThat(providerRefunds(id)).isEqualTo(1);
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("refunded").jsonPath("$.refunded.amount").isEqualTo("50.00");
        assertThat(count("SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.refunded'", id))
            .isEqualTo(1);
    }

    @Test
    void aRefundLeftPendingByAFailedRequestIsCompletedByTheSweeper() {
        String id = (String) succeeded(UUID.randomUUID(), "50.00").get("id");
        FlakyProvider.loseNextRefundAnswers(1);
        refund(admin(), id, null, Map.of("amount", Map.of("amount", "20.00", "currency", "USD")))
            .expectStatus().isEqualTo(503);
        db.sql("UPDATE refunds SET created_at = now() - interval '1 hour' WHERE payment_id = CAST(:id AS uuid)")
            .bind("id", id).then().block(Duration.ofSeconds(5));

        assertThat(sweeper.completeRefunds().block(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);

        assertThat(providerRefunds(id)).isEqualTo(1);
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("partially_refunded").jsonPath("$.refunded.amount").isEqualTo("20.00");
        http.get().uri("/api/v1/payments/{id}/refunds", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].status").isEqualTo("succeeded");
    }

    private long providerRefunds(String paymentId) {
        return count("""
                SELECT count(*) FROM simulated_provider_refunds r JOIN simulated_provider_charges c ON c.reference = r.charge_reference
                WHERE c.payment_id = CAST(:id AS uuid)""", paymentId);
    }

    @Test
    void refundsPartiallyThenFullyAndNeverMoreThanCaptured() {
        UUID user = UUID.randomUUID();
        String id = (String) succeeded(user, "50.00").get("id");
        refund(admin(), id, null, Map.of("amount", Map.of("amount", "20.00", "currency", "USD"), "reason", "damaged"))
            .expectStatus().isCreated();
        http.get().uri("/api/v1/payments/{id}", id).headers(h -> h.setBearerAuth(customer(user))).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("partially_refunded").jsonPath("$.refunded.amount").isEqualTo("20.00");
        refund(admin(), id, null, Map.of("amount", Map.of("amount", "30.01", "currency", "USD")))
            .expectStatus().isEqualTo(422);
        refund(admin(), id, null, Map.of("amount", Map.of("amount", "1.00", "currency", "EUR")))
            .expectStatus().isEqualTo(422);
        refund(customer(user), id, null, Map.of()).expectStatus().isForbidden();
        refund(service(), id, "cancel-1", Map.of("reason", "order cancelled")).expectStatus().isCreated()
            .expectBody().jsonPath("$.amount.amount").isEqualTo("30.00");
        // The same key again is the same refund, not a second one.
        refund(service(), id, "cancel-1", Map.of("reason", "order cancelled")).expectStatus().isOk();
        refund(admin(), id, null, Map.of()).expectStatus().isEqualTo(409);
        http.get().uri("/api/v1/payments/{id}/refunds", id).headers(h -> h.setBearerAuth(customer(user))).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.refunded'", id))
            .isEqualTo(2);
    }

    @Test
    void concurrentRefundsNeverExceedTheCapturedAmount() throws Exception {
        String id = (String) succeeded(UUID.randomUUID(), "5.00").get("id");
        List<Integer> statuses = statusesOf(10, i -> refund(admin(), id, null,
                Map.of("amount", Map.of("amount", "1.00", "currency", "USD"))));
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(5);
        assertThat(statuses.stream().filter(s -> s != 201)).allMatch(s -> s == 409 || s == 422);
        BigDecimal refunded = db.sql("SELECT refunded_amount FROM payments WHERE id = CAST(:id AS uuid)").bind("id", id)
            .map((row, meta) -> row.get(0, BigDecimal.class)).one().block(Duration.ofSeconds(5));
        assertThat(refunded).isEqualByComparingTo("5.00");
    }

    @Test
    void aPaymentLeftPendingBySomeoneWhoDiedIsSettledFromTheProvidersBooks() {
        UUID charged = UUID.randomUUID();
        UUID neverSent = UUID.randomUUID();
        Instant old = Instant.now().minus(Duration.ofHours(1));
        for (UUID id : List.of(charged, neverSent)) {
            db.sql("""
                    INSERT INTO payments (id, order_id, user_id, amount, currency, status, payment_method, provider, created_at, updated_at)
                    VALUES (:id, :order, :user, 7.00, 'USD', 'pending', 'pm_card_visa', 'simulated', :t, :t)""")
                .bind("id", id).bind("order", UUID.randomUUID()).bind("user", UUID.randomUUID()).bind("t", old)
                .then().block(Duration.ofSeconds(5));
        }
        db.sql("""
                INSERT INTO simulated_provider_charges (reference, payment_id, amount, currency, payment_method, succeeded, created_at)
                VALUES ('sim_ch_recovered', :id, 7.00, 'USD', 'pm_card_visa', true, now())""")
            .bind("id", charged).then().block(Duration.ofSeconds(5));

        assertThat(sweeper.settleStale().block(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(2);

        http.get().uri("/api/v1/payments/{id}", charged).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("succeeded").jsonPath("$.providerReference").isEqualTo("sim_ch_recovered");
        http.get().uri("/api/v1/payments/{id}", neverSent).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("failed").jsonPath("$.failureCode").isEqualTo("abandoned");
        // Each announced once, with what the payment was for.
        assertThat(count("""
                SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.succeeded'
                    AND envelope -> 'data' -> 'amount' ->> 'amount' = '7.00'""", charged)).isEqualTo(1);
        assertThat(count("""
                SELECT count(*) FROM outbox WHERE subject = CAST(:id AS text) AND type = 'payment.failed'
                    AND envelope -> 'data' ->> 'failureCode' = 'abandoned'""", neverSent)).isEqualTo(1);
    }

    WebTestClient.ResponseSpec refund(String token, String payment, String key, Object body) {
        return http.post().uri("/api/v1/payments/{id}/refunds", payment).headers(h -> {
            h.setBearerAuth(token);
            if (key != null) {
                h.set("Idempotency-Key", key);
            }
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
