package dev.agora.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The checkout saga's every step against every kind of answer its callees can give. */
class CheckoutSagaIT extends OrderTestBase {

    @Autowired
    DatabaseClient db;

    @Autowired
    SqlStatements statements;

    @Test
    void confirmsAnOrderWhenStockAndPaymentAreThere() {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        JsonNode order = placed(customer(UUID.randomUUID()), order(product, 2, "pm_card_visa"), 201);

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("reference").asString()).matches("AG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(order.path("refundStatus").asString()).isEqualTo("NONE");
        assertThat(INVENTORY.calls()).containsExactly("POST /internal/reservations",
                "POST /internal/reservations/" + order.path("id").asString() + "/commit");
        var charge = PAYMENTS.requests().stream().filter(r -> r.call().equals("POST /api/v1/payments")).findFirst().orElseThrow();
        assertThat(charge.body()).contains("\"orderReference\":\"" + order.path("reference").asString() + "\"")
            .contains("\"amount\":\"24.99\"");
        // inventory-svc takes the units from locations in the shipping country first.
        var reservation = INVENTORY.requests().stream().filter(r -> r.call().equals("POST /internal/reservations")).findFirst()
            .orElseThrow();
        assertThat(reservation.body()).contains("\"shipToCountry\":\"GB\"");
    }

    @Test
    void confirmsAnOrderAndAnswersItWithoutReadingItBack() {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        JsonNode order = placed(buyer, order(product, 3, "pm_card_visa"), 201);

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        List<String> sql = statements.about(UUID.fromString(order.path("id").asString()));
        // Its lines never change once written: the saga carries them from step to step and into the answer.
        assertThat(sql).filteredOn(statement -> statement.contains("FROM order_items")).isEmpty();
        assertThat(sql).filteredOn(statement -> statement.contains("FROM order_fulfilments")).isEmpty();
        // Each step's update returns the row, and the statement that settles it answers it as it left it.
        assertThat(sql).filteredOn(statement -> statement.contains("FROM orders WHERE id = ")).isEmpty();
        // What was answered is what is stored.
        assertThat(order).isEqualTo(get(buyer, "/api/v1/orders/{id}", order.path("id").asString()));
    }

    @Test
    void answersADeclinedCheckoutAsItsCompensationSettledIt() {
        UUID product = product("10.00");
        scriptDeclinedCharge();
        String buyer = customer(UUID.randomUUID());
        JsonNode order = placed(buyer, order(product, 2, "pm_card_declined"), 201);

        assertThat(order.path("status").asString()).isEqualTo("PAYMENT_FAILED");
        assertThat(statements.about(UUID.fromString(order.path("id").asString())))
            .filteredOn(statement -> statement.contains("FROM orders WHERE id = ")).isEmpty();
        assertThat(order).isEqualTo(get(buyer, "/api/v1/orders/{id}", order.path("id").asString()));
    }

    @Test
    void writesAnOrderWithItsLinesHistoryAndEventAndLaterConfirmsItInOneStatementEach() {
        UUID lamp = product("10.00");
        UUID shade = product("4.50");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        JsonNode order = placed(buyer, JSON.writeValueAsString(Map.of(
                "items", List.of(Map.of("productId", lamp, "quantity", 2), Map.of("productId", shade, "quantity", 3)),
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB"),
                "paymentMethod", "pm_card_visa")), 201);
        String id = order.path("id").asString();

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        List<String> sql = statements.about(UUID.fromString(id));
        // One statement writes the order, its lines, its history and order.created; one confirms it with its own.
        assertThat(sql).filteredOn(statement -> statement.contains("INSERT INTO")).hasSize(2);
        assertThat(sql).filteredOn(statement -> statement.contains("FOR UPDATE")).isEmpty();
        assertThat(order.path("items").findValuesAsString("productId")).containsExactly(lamp.toString(), shade.toString());
        assertThat(order.path("items").findValues("lineTotal")).extracting(total -> total.path("amount").asString())
            .containsExactly("20.00", "13.50");
        assertThat(get(buyer, "/api/v1/orders/{id}/history", id).findValuesAsString("to")).containsExactly("PENDING", "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(id)).extracting(e -> e.path("type").asString())
            .containsExactly("order.created", "order.confirmed"));
        List<JsonNode> events = events(id);
        assertThat(events.get(0).path("data").path("status").asString()).isEqualTo("PENDING");
        assertThat(events.get(0).path("data").path("paymentId").isMissingNode()
                || events.get(0).path("data").path("paymentId").isNull()).isTrue();
        JsonNode confirmed = events.get(1).path("data");
        assertThat(confirmed.path("previousStatus").asString()).isEqualTo("PENDING");
        assertThat(confirmed.path("paymentId").asString()).isEqualTo(order.path("paymentId").asString());
        assertThat(order.path("total").path("amount").asString()).isEqualTo("38.49");
        assertThat(confirmed.path("total").path("amount").asString()).isEqualTo("38.49");
        assertThat(confirmed.path("items").findValuesAsString("productId")).containsExactly(lamp.toString(), shade.toString());
        assertThat(confirmed.path("items").findValues("quantity")).extracting(JsonNode::asInt).containsExactly(2, 3);
    }

    @Test
    void requestsRacingWithOneKeyWriteOneOrderWithOneSetOfLinesHistoryAndEvents() throws Exception {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        String body = order(product, 1, "pm_card_visa");
        List<Integer> answers;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            List<java.util.concurrent.Future<Integer>> racing = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                racing.add(pool.submit(() -> status(http.post().uri("/api/v1/orders").headers(h -> {
                    h.setBearerAuth(buyer);
                    h.set("Idempotency-Key", key);
                }).contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(body).exchange())));
            }
            answers = new java.util.ArrayList<>();
            for (var answer : racing) {
                answers.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        }

        // The winner's 201, then replays of it, or 409 while it was still in flight; never a second order.
        assertThat(answers).contains(201).allMatch(status -> status == 200 || status == 201 || status == 409);
        JsonNode orders = get(buyer, "/api/v1/orders");
        assertThat(orders.path("totalItems").asInt()).isEqualTo(1);
        String id = orders.path("items").get(0).path("id").asString();
        assertThat(db.sql("SELECT count(*) FROM order_items WHERE order_id = :id").bind("id", UUID.fromString(id))
            .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(get(buyer, "/api/v1/orders/{id}/history", id).findValuesAsString("to")).containsExactly("PENDING", "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(id)).extracting(e -> e.path("type").asString())
            .containsExactly("order.created", "order.confirmed"));
    }

    @Test
    void aLateCommitDoesNotConfirmAnOrderAnotherDriverSentToItsRefundMeanwhile() throws Exception {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        // Slow, but inside the 1 s client timeout: the commit succeeds, late.
        INVENTORY.script("POST", "/internal/reservations/*/commit",
                new StubServer.Answer(200, "{\"status\":\"committed\"}", Duration.ofMillis(900)));
        UUID buyerId = UUID.randomUUID();
        String buyer = customer(buyerId);
        var placing = java.util.concurrent.CompletableFuture.supplyAsync(() -> placed(buyer, order(product, 1, "pm_card_visa"), 202));
        UUID id = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
            .until(() -> db.sql("SELECT id FROM orders WHERE user_id = :u AND saga_step = 'commit'").bind("u", buyerId)
                .map((row, meta) -> row.get(0, UUID.class)).one().blockOptional(Duration.ofSeconds(5)).orElse(null),
                    java.util.Objects::nonNull);
        // Another driver (recovery, once this request's lease ran out) had its commit refused and went to refund the
        // payment: the order is still PENDING, at another step. Its lease keeps recovery off it during the test.
        db.sql("""
                UPDATE orders SET saga_step = 'refund', saga_outcome = 'CANCELLED', saga_lease_until = now() + interval '1 hour'
                WHERE id = :id""").bind("id", id).then().block(Duration.ofSeconds(5));

        JsonNode order = placing.get(15, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(order.path("status").asString()).isEqualTo("PENDING");
        // Settled only at the step it was at: no confirmation, neither history nor event (they are written together).
        assertThat(get(buyer, "/api/v1/orders/{id}/history", id).findValuesAsString("to")).containsExactly("PENDING");
        assertThat(db.sql("SELECT saga_step FROM orders WHERE id = :id").bind("id", id).map((row, meta) -> row.get(0, String.class))
            .one().block(Duration.ofSeconds(5))).isEqualTo("refund");
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE subject = :s AND type = 'order.confirmed'").bind("s", id.toString())
            .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5))).isZero();
    }

    @Test
    void refusesAnUnknownPaymentTokenBeforeWritingAnything() {
        UUID product = product("10.00");
        UUID buyer = UUID.randomUUID();
        checkout(customer(buyer), order(product, 1, "pm_card_bogus"))
            .expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.type").isEqualTo(PROBLEMS + "unknown-payment-method")
            .jsonPath("$.errors[0].field").isEqualTo("paymentMethod");
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
        assertThat(count(PAYMENTS, "POST", "/api/v1/payments")).isZero();
    }

    @Test
    void asksForAPaymentMethodOnlyAgainOnceTheAnswerPaymentSvcGaveMayHaveChanged() {
        String fixed = "pm_card_fixed_" + UUID.randomUUID().toString().replace("-", "");
        String path = "/internal/payment-methods/" + fixed;
        PAYMENTS.script("GET", path, new StubServer.Answer(200, "{\"token\":\"" + fixed + "\",\"brand\":\"visa\",\"last4\":\"4242\"}")
            .withHeader("Cache-Control", "private, max-age=60"));
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        UUID product = product("10.00");

        for (int i = 0; i < 3; i++) {
            assertThat(placed(buyer, order(product, 1, fixed), 201).path("status").asString()).isEqualTo("CONFIRMED");
        }
        // pm_card_visa's stand-in answers without Cache-Control, as a customer's own card would: asked every time.
        for (int i = 0; i < 2; i++) {
            assertThat(placed(buyer, order(product, 1, "pm_card_visa"), 201).path("status").asString()).isEqualTo("CONFIRMED");
        }

        assertThat(count(PAYMENTS, "GET", path)).isEqualTo(1);
        assertThat(count(PAYMENTS, "GET", "/internal/payment-methods/pm_card_visa")).isEqualTo(2);
    }

    @Test
    void aPaymentMethodPaymentSvcNoLongerKnowsIsAskedAgainAndRefused() {
        String dropped = "pm_card_dropped_" + UUID.randomUUID().toString().replace("-", "");
        String path = "/internal/payment-methods/" + dropped;
        PAYMENTS.script("GET", path, new StubServer.Answer(200, "{\"token\":\"" + dropped + "\",\"brand\":\"visa\",\"last4\":\"4242\"}")
            .withHeader("Cache-Control", "no-store"), problem(404, "not-found"));
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        UUID product = product("10.00");

        assertThat(placed(buyer, order(product, 1, dropped), 201).path("status").asString()).isEqualTo("CONFIRMED");
        checkout(buyer, order(product, 1, dropped)).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "unknown-payment-method");
        assertThat(count(PAYMENTS, "GET", path)).isEqualTo(2);
    }

    @Test
    void aFractionalQuantityOrAControlCharacterIs400AndWritesNothing() {
        UUID product = product("10.00");
        UUID buyer = UUID.randomUUID();
        checkout(customer(buyer), order(product, 1, "pm_card_visa").replace("\"quantity\":1", "\"quantity\":1.5"))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("items[0].quantity")
            .jsonPath("$.errors[0].message").isEqualTo("must be a whole number");
        checkout(customer(buyer), order(product, 1, "pm_card_visa").replace("Ada Lovelace", "Ada\\u0000"))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("shippingAddress.name");
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }

    @Test
    void aPaymentServiceThatCannotBeAskedIs503AndWritesNothing() {
        UUID product = product("10.00");
        UUID buyer = UUID.randomUUID();
        PAYMENTS.on("GET", "/internal/payment-methods/pm_card_visa", 503, "{}");
        checkout(customer(buyer), order(product, 1, "pm_card_visa")).expectStatus().isEqualTo(503);
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }

    @Test
    void answers409AndKeepsTheOrderCancelledWhenStockIsShortWithoutCharging() {
        UUID product = product("10.00");
        INVENTORY.script("POST", "/internal/reservations", problem(409, "insufficient-stock"));
        checkout(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"))
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "insufficient-stock");
        assertThat(count(PAYMENTS, "POST", "/api/v1/payments")).isZero();
    }

    @Test
    void aDeclinedChargeEndsPaymentFailedAndReleasesTheStock() {
        UUID product = product("10.00");
        scriptDeclinedCharge();
        JsonNode order = placed(customer(UUID.randomUUID()), order(product, 1, "pm_card_declined"), 201);
        assertThat(order.path("status").asString()).isEqualTo("PAYMENT_FAILED");
        assertThat(order.path("failureCode").asString()).isEqualTo("card_declined");
        assertThat(count(INVENTORY, "POST", "/release")).isEqualTo(1);
        assertThat(count(INVENTORY, "POST", "/commit")).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403, 429, 503 })
    void retriesAChargeTheCalleeRefusedOnlyForNowAndConfirms(int status) {
        UUID product = product("10.00");
        PAYMENTS.script("POST", "/api/v1/payments", problem(status, "not-now"), payment(UUID.randomUUID(), "succeeded"));
        String buyer = customer(UUID.randomUUID());
        JsonNode order = decided(buyer, order(product, 1, "pm_card_visa"));
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(count(PAYMENTS, "POST", "/api/v1/payments")).isEqualTo(2);
        assertThat(count(INVENTORY, "POST", "/release")).isZero();
    }

    /** An answer that decides nothing: the step must be sent again, never taken as a refusal. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> undecided() {
        var unavailable = new StubServer.Answer(503, "{}");
        var slow = new StubServer.Answer(200, "{}", Duration.ofSeconds(2));
        var limited = problem(429, "rate-limited");
        return java.util.stream.Stream.of("reserve", "charge", "commit").flatMap(step -> java.util.stream.Stream
            .of(unavailable, slow, limited).map(answer -> org.junit.jupiter.params.provider.Arguments.of(step, answer)));
    }

    @ParameterizedTest(name = "{0} answered {1}")
    @org.junit.jupiter.params.provider.MethodSource("undecided")
    void everyCheckoutStepIsSentAgainAfterAnAnswerThatDecidesNothing(String step, StubServer.Answer answer) {
        UUID product = product("10.00");
        UUID paymentId = UUID.randomUUID();
        var ok = switch (step) {
            case "reserve" -> new StubServer.Answer(201, "{}");
            case "charge" -> payment(paymentId, "succeeded");
            default -> new StubServer.Answer(200, "{}");
        };
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        switch (step) {
            case "reserve" -> INVENTORY.script("POST", "/internal/reservations", answer, ok);
            case "charge" -> PAYMENTS.script("POST", "/api/v1/payments", answer, ok);
            default -> INVENTORY.script("POST", "/internal/reservations/*/commit", answer, ok);
        }
        JsonNode order = decided(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"));
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(count(INVENTORY, "POST", "/release")).isZero();
        assertThat(count(PAYMENTS, "POST", "/refunds")).isZero();
    }

    @ParameterizedTest(name = "{0} answered 503 first")
    @ValueSource(strings = { "refund", "release" })
    void aCompensationStepThatCannotBeDoneYetIsSentAgainUntilTheMoneyAndStockAreBack(String step) {
        UUID product = product("10.00");
        UUID paymentId = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        PAYMENTS.script("GET", "/api/v1/payments/order/*", payments(paymentId, "succeeded"));
        INVENTORY.script("POST", "/internal/reservations/*/commit", problem(409, "conflict"));
        if (step.equals("refund")) {
            PAYMENTS.script("POST", "/api/v1/payments/*/refunds", new StubServer.Answer(503, "{}"),
                    new StubServer.Answer(201, "{}"));
        }
        else {
            INVENTORY.script("POST", "/internal/reservations/*/release", new StubServer.Answer(503, "{}"),
                    new StubServer.Answer(200, "{}"));
        }
        JsonNode order = decided(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"));
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(count(PAYMENTS, "POST", "/refunds")).isEqualTo(step.equals("refund") ? 2 : 1);
        assertThat(count(INVENTORY, "POST", "/release")).isEqualTo(step.equals("release") ? 2 : 1);
    }

    @Test
    void retriesAReservationThatTimedOutWithTheSameOrder() {
        UUID product = product("10.00");
        INVENTORY.script("POST", "/internal/reservations", new StubServer.Answer(201, "{}", Duration.ofSeconds(2)),
                new StubServer.Answer(200, "{}"));
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        JsonNode order = decided(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"));
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        var reserves = INVENTORY.requests().stream().filter(r -> r.call().equals("POST /internal/reservations")).toList();
        assertThat(reserves).hasSize(2);
        assertThat(reserves.get(0).body()).isEqualTo(reserves.get(1).body());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aReservationLostAtCommitRefundsThePaymentThenReleases(CapturedOutput output) {
        UUID product = product("10.00");
        UUID paymentId = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        PAYMENTS.script("GET", "/api/v1/payments/order/*", payments(paymentId, "succeeded"));
        INVENTORY.script("POST", "/internal/reservations/*/commit", problem(409, "conflict"));
        String buyer = customer(UUID.randomUUID());
        JsonNode order = placed(buyer, order(product, 1, "pm_card_visa"), 201);

        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureCode").asString()).isEqualTo("reservation_lost");
        // The refusal that cancelled it is in the log, with inventory's problem.
        assertThat(output.getOut()).contains("Order " + order.path("id").asString() + " saga step COMMIT refused with 409 conflict");
        var refund = PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds")).toList();
        assertThat(refund).extracting(StubServer.Request::call)
            .containsExactly("POST /api/v1/payments/" + paymentId + "/refunds");
        assertThat(count(INVENTORY, "POST", "/release")).isEqualTo(1);
        // Refund before release: the money goes back first.
        assertThat(INVENTORY.calls().getLast()).endsWith("/release");
    }

    @Test
    void waitsForAnAdoptedPaymentThatIsStillPendingInsteadOfCancelling() {
        UUID product = product("10.00");
        UUID direct = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", problem(409, "order-already-paid"));
        PAYMENTS.script("GET", "/api/v1/payments/order/*", payments(direct, "pending"), payments(direct, "pending"),
                payments(direct, "pending"), payments(direct, "succeeded"));
        JsonNode order = decided(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"));

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("paymentId").asString()).isEqualTo(direct.toString());
        assertThat(count(PAYMENTS, "POST", "/refunds")).isZero();
        assertThat(count(INVENTORY, "POST", "/release")).isZero();
        assertThat(count(PAYMENTS, "GET", "/api/v1/payments/order/")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void refundsTheRestOfAnAdoptedPartiallyRefundedPaymentAndCancels() {
        UUID product = product("10.00");
        UUID direct = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", problem(409, "order-already-paid"));
        PAYMENTS.script("GET", "/api/v1/payments/order/*", payments(direct, "partially_refunded"));
        JsonNode order = placed(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"), 201);

        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureCode").asString()).isEqualTo("payment_refunded");
        assertThat(PAYMENTS.calls()).contains("POST /api/v1/payments/" + direct + "/refunds");
        assertThat(count(INVENTORY, "POST", "/release")).isEqualTo(1);
    }

    @Test
    void aRetriedReserveThatFindsItsReservationExpiredCancelsInsteadOfCharging() {
        UUID product = product("10.00");
        INVENTORY.script("POST", "/internal/reservations", problem(409, "reservation-expired"));
        JsonNode order = placed(customer(UUID.randomUUID()), order(product, 1, "pm_card_visa"), 201);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureCode").asString()).isEqualTo("reservation_expired");
        assertThat(count(PAYMENTS, "POST", "/api/v1/payments")).isZero();
    }

    @Test
    void cancellingAConfirmedOrderRefundsEveryPaymentOfItThatHoldsMoney() {
        UUID product = product("10.00");
        UUID own = UUID.randomUUID();
        UUID stray = UUID.randomUUID();
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(own, "succeeded"));
        JsonNode order = placed(customer(buyer), order(product, 1, "pm_card_visa"), 201);
        PAYMENTS.script("GET", "/api/v1/payments/order/*", new StubServer.Answer(200, """
                [{"id":"%s","status":"succeeded"},{"id":"%s","status":"failed"},{"id":"%s","status":"partially_refunded"}]"""
            .formatted(own, UUID.randomUUID(), stray)));

        http.patch().uri("/api/v1/orders/{id}/status", order.path("id").asString())
            .headers(h -> h.setBearerAuth(customer(buyer)))
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .bodyValue("{\"status\":\"CANCELLED\",\"reason\":\"changed my mind\"}")
            .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(PAYMENTS.calls()).contains("POST /api/v1/payments/" + own + "/refunds",
                "POST /api/v1/payments/" + stray + "/refunds");
        var keys = PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds")).count();
        assertThat(keys).isEqualTo(2);
    }

    @Test
    void anOrderWhoseCalleesStayDownStaysPendingAndIsFinishedByRecoveryOnceTheyAreBack() {
        UUID product = product("10.00");
        INVENTORY.script("POST", "/internal/reservations", new StubServer.Answer(503, "{}"));
        String buyer = customer(UUID.randomUUID());
        JsonNode pending = placed(buyer, order(product, 1, "pm_card_visa"), 202);
        assertThat(pending.path("status").asString()).isEqualTo("PENDING");

        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        INVENTORY.on("POST", "/internal/reservations", 201, "{}");
        awaitStatus(buyer, pending.path("id").asString(), "CONFIRMED");
        assertThat(db.sql("SELECT saga_step FROM orders WHERE id = CAST(:id AS uuid)").bind("id", pending.path("id").asString())
            .map((row, meta) -> row.get(0, String.class)).one().block(Duration.ofSeconds(5))).isEqualTo("done");
    }

    /** payment-svc answers the next charge as the provider declined it. */
    private static void scriptDeclinedCharge() {
        PAYMENTS.script("POST", "/api/v1/payments", new StubServer.Answer(201, """
                {"id":"%s","status":"failed","failureCode":"card_declined","failureMessage":"Your card was declined."}"""
            .formatted(UUID.randomUUID())));
    }
}
