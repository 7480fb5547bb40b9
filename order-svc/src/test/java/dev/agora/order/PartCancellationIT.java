package dev.agora.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.agora.testsupport.StubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer cancels one vendor's part of an order before it ships: exactly that part's lines are
 * refunded and restocked, the order's status follows from the parts left, and a failed refund is
 * retried until the money is back.
 */
class PartCancellationIT extends OrderTestBase {

    private static final String PART = "/api/v1/orders/{id}/fulfilments/{v}";

    record Placed(String id, UUID buyer, UUID paymentId, List<UUID> vendors, List<UUID> products) {
    }

    /** A confirmed order with one line per price, each from its own vendor. */
    private Placed order(String... prices) {
        List<UUID> vendors = java.util.Arrays.stream(prices).map(p -> UUID.randomUUID()).toList();
        List<UUID> products = new java.util.ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            products.add(product(prices[i], vendors.get(i)));
        }
        UUID buyer = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        String body = JSON.writeValueAsString(Map.of("items", products.stream().map(p -> Map.of("productId", p, "quantity", 1)).toList(),
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB"),
                "paymentMethod", "pm_card_visa"));
        JsonNode order = placed(customer(buyer), body, 201);
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        return new Placed(order.path("id").asString(), buyer, paymentId, vendors, products);
    }

    @Test
    void cancelsOneVendorsUnshippedPartAndRefundsAndRestocksExactlyItsLines() throws java.io.IOException {
        Placed o = order("10.00", "70.00");
        UUID a = o.vendors().get(0);
        UUID b = o.vendors().get(1);

        JsonNode after = body(patch(customer(o.buyer()), Map.of("status", "CANCELLED", "reason", "Found it cheaper"), o.id(), b)
            .expectStatus().isOk());
        assertThat(after.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(part(after, b).path("status").asString()).isEqualTo("CANCELLED");
        assertThat(part(after, b).path("refund").path("amount").asString()).isEqualTo("70.00");
        assertThat(part(after, b).path("cancelledAt").isMissingNode()).isFalse();
        assertThat(part(after, a).path("status").asString()).isEqualTo("PENDING");

        // Exactly B's line: 70.00 of the payment back, and B's product alone restocked.
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        List<StubServer.Request> refunds = PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds")).toList();
        assertThat(refunds).extracting(StubServer.Request::call).containsExactly("POST /api/v1/payments/" + o.paymentId() + "/refunds");
        JsonNode refund = JSON.readTree(refunds.get(0).body());
        assertThat(refund.path("amount").path("amount").asString()).isEqualTo("70.00");
        assertThat(refund.path("amount").path("currency").asString()).isEqualTo("USD");
        JsonNode release = JSON.readTree(INVENTORY.requests().stream().filter(r -> r.call().endsWith("/release")).findFirst()
            .orElseThrow().body());
        assertThat(release.path("productIds").valueStream().map(JsonNode::asString).toList())
            .containsExactly(o.products().get(1).toString());

        // The receipt says what was cancelled and what it refunded.
        byte[] pdf = http.get().uri("/api/v1/orders/{id}/receipt", o.id()).headers(h -> h.setBearerAuth(customer(o.buyer())))
            .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("[ \\t]+", " "))
                .contains("Cancelled before shipping: 1 × Lamp 70.00 USD");
        }

        // The customer bought A's product, no longer B's: no "verified purchase" review of what never came.
        assertThat(purchased(o.buyer(), o.products().get(0))).isTrue();
        assertThat(purchased(o.buyer(), o.products().get(1))).isFalse();

        // B no longer has it to ship; A still does, and A's parcel is now the whole order.
        assertThat(ids(get(vendor(b), "/api/v1/orders?awaitingShipment=true&size=100"))).doesNotContain(o.id());
        assertThat(ids(get(vendor(a), "/api/v1/orders?awaitingShipment=true&size=100"))).contains(o.id());
        patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), b).expectStatus().isEqualTo(409);
        patch(vendor(b), Map.of("status", "SHIPPED"), o.id(), b).expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("cancelled"));
        assertThat(body(patch(vendor(a), Map.of("status", "SHIPPED"), o.id(), a).expectStatus().isOk()).path("status").asString())
            .isEqualTo("SHIPPED");
        patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), a).expectStatus().isEqualTo(409);
        assertThat(body(patch(vendor(a), Map.of("status", "DELIVERED"), o.id(), a).expectStatus().isOk()).path("status").asString())
            .isEqualTo("DELIVERED");
        assertThat(get(customer(o.buyer()), "/api/v1/orders/{id}/history", o.id()).findValuesAsString("to"))
            .containsExactly("PENDING", "CONFIRMED", "SHIPPED", "DELIVERED");

        // One event for the cancelled part, with its lines and refund; every later event lists only what stands.
        await().atMost(Duration.ofSeconds(10)).until(() -> types(o.id()).contains("order.delivered"));
        JsonNode cancelled = event(o.id(), "order.part_cancelled");
        assertThat(cancelled.path("cancellation").path("vendorId").asString()).isEqualTo(b.toString());
        assertThat(cancelled.path("cancellation").path("refund").path("amount").asString()).isEqualTo("70.00");
        assertThat(cancelled.path("cancellation").path("items").findValuesAsString("productId"))
            .containsExactly(o.products().get(1).toString());
        assertThat(cancelled.path("reason").asString()).isEqualTo("Found it cheaper");
        assertThat(cancelled.path("items").findValuesAsString("productId")).containsExactly(o.products().get(0).toString());
        assertThat(event(o.id(), "order.delivered").path("items").findValuesAsString("productId"))
            .containsExactly(o.products().get(0).toString());
    }

    @Test
    void cancellingThePartStillToShipLeavesAPartlyShippedOrderShipped() {
        Placed o = order("10.00", "20.00");
        UUID a = o.vendors().get(0);
        UUID b = o.vendors().get(1);
        patch(vendor(a), Map.of("status", "SHIPPED", "carrier", "UPS", "trackingNumber", "1Z999AA10123456784"), o.id(), a)
            .expectStatus().isOk();

        JsonNode after = body(patch(admin(), Map.of("status", "CANCELLED"), o.id(), b).expectStatus().isOk());

        assertThat(after.path("status").asString()).isEqualTo("SHIPPED");
        assertThat(get(admin(), "/api/v1/orders/{id}/history", o.id()).findValuesAsString("to"))
            .containsExactly("PENDING", "CONFIRMED", "PARTIALLY_SHIPPED", "SHIPPED");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(JSON.readTree(PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds")).findFirst().orElseThrow()
            .body()).path("amount").path("amount").asString()).isEqualTo("20.00");
    }

    @Test
    void cancellingTheOnlyPartLeftCancelsTheWholeOrderShippingIncluded() {
        Placed o = order("10.00", "20.00");
        PAYMENTS.script("GET", "/api/v1/payments/order/*", payments(o.paymentId(), "partially_refunded"));
        patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), o.vendors().get(1)).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);

        JsonNode after = body(patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), o.vendors().get(0))
            .expectStatus().isOk());

        assertThat(after.path("status").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 2);
        // The rest of the payment (no amount: all that is left), and every line not yet given back.
        List<JsonNode> refunds = PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds"))
            .map(r -> JSON.readTree(r.body())).toList();
        assertThat(refunds).hasSize(2);
        assertThat(refunds.get(0).path("amount").path("amount").asString()).isEqualTo("20.00");
        assertThat(refunds.get(1).has("amount")).isFalse();
        JsonNode lastRelease = JSON.readTree(INVENTORY.requests().stream().filter(r -> r.call().endsWith("/release"))
            .toList().get(1).body());
        assertThat(lastRelease.has("productIds")).isFalse();
    }

    @Test
    void aPartRefundThatFailsIsRetriedUntilTheMoneyIsBackAndOnlyThenRestocked() {
        Placed o = order("10.00", "20.00");
        PAYMENTS.script("POST", "/api/v1/payments/*/refunds", new StubServer.Answer(503, "{}"), new StubServer.Answer(503, "{}"),
                new StubServer.Answer(201, "{\"status\":\"succeeded\"}"));

        JsonNode after = body(patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), o.vendors().get(0))
            .expectStatus().isOk());
        assertThat(part(after, o.vendors().get(0)).path("status").asString()).isEqualTo("CANCELLED");

        await().atMost(Duration.ofSeconds(15)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(count(PAYMENTS, "POST", "/refunds")).isEqualTo(3);
        List<String> order = PAYMENTS.calls().stream().filter(c -> c.endsWith("/refunds")).toList();
        assertThat(order).hasSize(3);
        // Restocked once, after the third refund attempt succeeded; nothing further happens.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
            .until(() -> count(INVENTORY, "POST", "/release") == 1 && count(PAYMENTS, "POST", "/refunds") == 3);
    }

    @Test
    void twoPartsCancelledAtOnceAreEachRefundedOnce() throws Exception {
        Placed o = order("10.00", "20.00", "30.00");
        String buyer = customer(o.buyer());
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> status(patch(buyer, Map.of("status", "CANCELLED"),
                o.id(), o.vendors().get(1))));
        CompletableFuture<Integer> c = CompletableFuture.supplyAsync(() -> status(patch(buyer, Map.of("status", "CANCELLED"),
                o.id(), o.vendors().get(2))));
        assertThat(List.of(b.get(), c.get())).containsOnly(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") >= 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(PAYMENTS.requests().stream().filter(r -> r.call().endsWith("/refunds"))
            .map(r -> JSON.readTree(r.body()).path("amount").path("amount").asString()).distinct().toList())
            .containsExactlyInAnyOrder("20.00", "30.00");
        JsonNode after = get(buyer, "/api/v1/orders/{id}", o.id());
        assertThat(after.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(after.path("fulfilments").findValuesAsString("status")).containsExactly("PENDING", "CANCELLED", "CANCELLED");
    }

    @Test
    void onlyTheCustomerOrAnAdminCancelsAndBadRequestsChangeNothing() {
        Placed o = order("10.00", "20.00");
        UUID a = o.vendors().get(0);
        UUID b = o.vendors().get(1);
        patch(vendor(a), Map.of("status", "CANCELLED"), o.id(), a).expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        patch(vendor(a), Map.of("status", "CANCELLED"), o.id(), b).expectStatus().isNotFound();
        patch(customer(UUID.randomUUID()), Map.of("status", "CANCELLED"), o.id(), a).expectStatus().isNotFound();
        patch(customer(o.buyer()), Map.of("status", "CANCELLED"), o.id(), UUID.randomUUID()).expectStatus().isNotFound();
        patch(customer(o.buyer()), Map.of("status", "CANCELLED"), UUID.randomUUID(), a).expectStatus().isNotFound();
        for (var bad : List.of(Map.entry("carrier", Map.of("status", "CANCELLED", "carrier", "UPS")),
                Map.entry("reason", Map.of("status", "CANCELLED", "reason", "x".repeat(501))),
                Map.entry("reason", Map.of("status", "SHIPPED", "reason", "because")))) {
            patch(customer(o.buyer()), bad.getValue(), o.id(), a).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains(bad.getKey()));
        }
        JsonNode after = get(admin(), "/api/v1/orders/{id}", o.id());
        assertThat(after.path("fulfilments").findValuesAsString("status")).containsOnly("PENDING");
        assertThat(count(PAYMENTS, "POST", "/refunds")).isZero();
        assertThat(count(INVENTORY, "POST", "/release")).isZero();
    }

    @Test
    void refundingAPartlyShippedOrderRestocksThePartsThatHadNotShipped() {
        Placed o = order("10.00", "20.00");
        UUID a = o.vendors().get(0);
        UUID b = o.vendors().get(1);
        patch(vendor(a), Map.of("status", "SHIPPED", "carrier", "UPS", "trackingNumber", "1Z999AA10123456784"), o.id(), a)
            .expectStatus().isOk();
        // The whole payment back; then B's part, as payment-svc answers for a payment refunded in full.
        PAYMENTS.script("POST", "/api/v1/payments/*/refunds", new StubServer.Answer(201, "{\"status\":\"succeeded\"}"),
                new StubServer.Answer(409, "{\"status\":409,\"detail\":\"Payment is refunded\"}"));

        JsonNode after = body(http.patch().uri("/api/v1/orders/{id}/status", o.id()).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("status", "REFUNDED")).exchange().expectStatus().isOk());

        assertThat(after.path("status").asString()).isEqualTo("REFUNDED");
        assertThat(part(after, a).path("status").asString()).isEqualTo("SHIPPED");
        assertThat(part(after, b).path("status").asString()).isEqualTo("CANCELLED");
        // A's parcel is with the customer; B's never left the vendor, so its stock, and only its, returns.
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(released(0)).containsExactly(o.products().get(1).toString());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(get(admin(), "/api/v1/orders/{id}", o.id()).path("status").asString()).isEqualTo("REFUNDED");
        patch(vendor(b), Map.of("status", "SHIPPED"), o.id(), b).expectStatus().isEqualTo(409);
    }

    @Test
    void aPaymentRefundedInFullAfterOnePartShippedRestocksTheOthers() {
        Placed o = order("10.00", "20.00");
        UUID a = o.vendors().get(0);
        UUID b = o.vendors().get(1);
        patch(vendor(a), Map.of("status", "SHIPPED"), o.id(), a).expectStatus().isOk();
        PAYMENTS.script("POST", "/api/v1/payments/*/refunds",
                new StubServer.Answer(409, "{\"status\":409,\"detail\":\"Payment is refunded\"}"));

        refunded(o.id(), o.paymentId(), "34.99", true);

        JsonNode after = awaitStatus(customer(o.buyer()), o.id(), "REFUNDED");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        assertThat(released(0)).containsExactly(o.products().get(1).toString());
        assertThat(part(get(admin(), "/api/v1/orders/{id}", o.id()), b).path("status").asString()).isEqualTo("CANCELLED");
        assertThat(part(after, a).path("status").asString()).isEqualTo("SHIPPED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(INVENTORY, "POST", "/release") == 1);
    }

    private List<String> released(int n) {
        return JSON.readTree(INVENTORY.requests().stream().filter(r -> r.call().endsWith("/release")).toList().get(n).body())
            .path("productIds").valueStream().map(JsonNode::asString).toList();
    }

    private boolean purchased(UUID user, UUID product) {
        return get(FORGE.service(), "/internal/orders/purchases?userId={u}&productId={p}", user, product).path("purchased").asBoolean();
    }

    private WebTestClient.ResponseSpec patch(String token, Object body, Object... variables) {
        return http.patch().uri(PART, variables).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body).exchange();
    }

    private List<String> types(String orderId) {
        return events(orderId).stream().map(e -> e.path("type").asString()).toList();
    }

    private JsonNode event(String orderId, String type) {
        return events(orderId).stream().filter(e -> e.path("type").asString().equals(type)).findFirst().orElseThrow()
            .path("data");
    }
}
