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


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order with items of several vendors has one fulfilment per vendor: each vendor sees only its
 * own lines and part, ships it with a carrier and tracking number and delivers it, and the order's
 * status follows from its parts.
 */
class FulfilmentIT extends OrderTestBase {

    record TwoVendorOrder(String id, UUID buyer, UUID vendorA, UUID vendorB, UUID productA, UUID productB) {
    }

    private TwoVendorOrder twoVendorOrder() {
        UUID vendorA = UUID.randomUUID();
        UUID vendorB = UUID.randomUUID();
        UUID productA = product("10.00", vendorA);
        UUID productB = product("70.00", vendorB);
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        String body = JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId", productA, "quantity", 2),
                Map.of("productId", productB, "quantity", 1)),
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB"),
                "paymentMethod", "pm_card_visa"));
        JsonNode order = placed(customer(buyer), body, 201);
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        return new TwoVendorOrder(order.path("id").asString(), buyer, vendorA, vendorB, productA, productB);
    }

    @Test
    void eachVendorSeesShipsAndDeliversOnlyItsOwnPart() {
        TwoVendorOrder o = twoVendorOrder();
        String a = vendor(o.vendorA());
        String b = vendor(o.vendorB());

        // Vendor A sees its own line and part, never B's items, prices or the order's totals.
        JsonNode seenByA = get(a, "/api/v1/orders/{id}", o.id());
        assertThat(seenByA.path("items")).hasSize(1);
        assertThat(seenByA.path("items").get(0).path("productId").asString()).isEqualTo(o.productA().toString());
        assertThat(seenByA.path("subtotal").path("amount").asString()).isEqualTo("20.00");
        assertThat(seenByA.path("total").isNull()).isTrue();
        assertThat(seenByA.path("paymentId").isNull()).isTrue();
        assertThat(seenByA.path("shippingAddress").path("postalCode").asString()).isEqualTo("SW1Y 4JH");
        assertThat(seenByA.path("fulfilments").findValuesAsString("vendorId")).containsExactly(o.vendorA().toString());
        assertThat(seenByA.toString()).doesNotContain(o.productB().toString(), "70.00");
        JsonNode listedForA = get(a, "/api/v1/orders?awaitingShipment=true&size=100");
        JsonNode mine = listed(listedForA, o.id());
        assertThat(mine.path("items")).hasSize(1);
        assertThat(mine.path("total").isNull()).isTrue();

        // Setting the whole order shipped would ship B's items too; A's attempt changes nothing.
        patch(a, "/api/v1/orders/{id}/status", Map.of("status", "SHIPPED"), o.id()).expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        patch(a, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorB())
            .expectStatus().isNotFound();
        patch(a, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "DELIVERED"), o.id(), o.vendorB())
            .expectStatus().isNotFound();
        assertThat(get(admin(), "/api/v1/orders/{id}", o.id()).path("status").asString()).isEqualTo("CONFIRMED");

        JsonNode afterA = body(patch(a, "/api/v1/orders/{id}/fulfilments/{v}",
                Map.of("status", "SHIPPED", "carrier", " DHL Express ", "trackingNumber", "JD0146000012345"), o.id(), o.vendorA())
            .expectStatus().isOk());
        assertThat(afterA.path("status").asString()).isEqualTo("PARTIALLY_SHIPPED");
        assertThat(afterA.path("fulfilments").get(0).path("carrier").asString()).isEqualTo("DHL Express");
        patch(a, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorA())
            .expectStatus().isEqualTo(409);
        assertThat(ids(get(a, "/api/v1/orders?awaitingShipment=true&size=100"))).doesNotContain(o.id());
        assertThat(ids(get(b, "/api/v1/orders?awaitingShipment=true&size=100"))).contains(o.id());
        assertThat(ids(get(admin(), "/api/v1/orders?awaitingShipment=true&size=100"))).contains(o.id());

        // The customer sees both parts, with A's tracking, and may neither ship nor cancel a part-shipped order.
        JsonNode seenByBuyer = get(customer(o.buyer()), "/api/v1/orders/{id}", o.id());
        assertThat(seenByBuyer.path("total").path("amount").asString()).isEqualTo("90.00");
        assertThat(seenByBuyer.path("fulfilments")).hasSize(2);
        assertThat(part(seenByBuyer, o.vendorA()).path("trackingNumber").asString()).isEqualTo("JD0146000012345");
        assertThat(part(seenByBuyer, o.vendorB()).path("status").asString()).isEqualTo("PENDING");
        patch(customer(o.buyer()), "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorB())
            .expectStatus().isForbidden();
        patch(customer(o.buyer()), "/api/v1/orders/{id}/status", Map.of("status", "CANCELLED"), o.id())
            .expectStatus().isEqualTo(409);

        // A's parcel arrives first; the order is delivered once B's has too.
        patch(b, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "DELIVERED"), o.id(), o.vendorB())
            .expectStatus().isEqualTo(409);
        assertThat(body(patch(a, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "DELIVERED"), o.id(), o.vendorA())
            .expectStatus().isOk()).path("status").asString()).isEqualTo("PARTIALLY_SHIPPED");
        assertThat(body(patch(b, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorB())
            .expectStatus().isOk()).path("status").asString()).isEqualTo("SHIPPED");
        assertThat(body(patch(b, "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "DELIVERED"), o.id(), o.vendorB())
            .expectStatus().isOk()).path("status").asString()).isEqualTo("DELIVERED");
        assertThat(get(customer(o.buyer()), "/api/v1/orders/{id}/history", o.id()).findValuesAsString("to"))
            .containsExactly("PENDING", "CONFIRMED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED");

        // Each parcel's event names its carrier and tracking and carries only its vendor's lines.
        await().atMost(Duration.ofSeconds(10)).until(() -> events(o.id()).stream()
            .anyMatch(e -> e.path("type").asString().equals("order.delivered")));
        List<JsonNode> events = events(o.id());
        JsonNode partly = events.stream().filter(e -> e.path("type").asString().equals("order.partially_shipped")).findFirst()
            .orElseThrow().path("data").path("shipment");
        assertThat(partly.path("vendorId").asString()).isEqualTo(o.vendorA().toString());
        assertThat(partly.path("carrier").asString()).isEqualTo("DHL Express");
        assertThat(partly.path("trackingNumber").asString()).isEqualTo("JD0146000012345");
        assertThat(partly.path("items").findValuesAsString("productId")).containsExactly(o.productA().toString());
        JsonNode rest = events.stream().filter(e -> e.path("type").asString().equals("order.shipped")).findFirst()
            .orElseThrow().path("data").path("shipment");
        assertThat(rest.path("vendorId").asString()).isEqualTo(o.vendorB().toString());
        assertThat(rest.has("trackingNumber")).isFalse();
    }

    @Test
    void twoVendorsShippingAtOnceLeaveTheOrderShippedOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            TwoVendorOrder o = twoVendorOrder();
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> status(patch(vendor(o.vendorA()),
                    "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorA())));
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> status(patch(vendor(o.vendorB()),
                    "/api/v1/orders/{id}/fulfilments/{v}", Map.of("status", "SHIPPED"), o.id(), o.vendorB())));
            assertThat(List.of(a.get(), b.get())).containsOnly(200);
            assertThat(get(admin(), "/api/v1/orders/{id}", o.id()).path("status").asString()).isEqualTo("SHIPPED");
            assertThat(get(admin(), "/api/v1/orders/{id}/history", o.id()).findValuesAsString("to"))
                .containsExactly("PENDING", "CONFIRMED", "PARTIALLY_SHIPPED", "SHIPPED");
        }
    }

    @Test
    void anAdminShipsWhatIsLeftAndVendorsPartsKeepTheirTracking() {
        TwoVendorOrder o = twoVendorOrder();
        patch(vendor(o.vendorA()), "/api/v1/orders/{id}/fulfilments/{v}",
                Map.of("status", "SHIPPED", "carrier", "UPS", "trackingNumber", "1Z999AA10123456784"), o.id(), o.vendorA())
            .expectStatus().isOk();
        JsonNode shipped = body(patch(admin(), "/api/v1/orders/{id}/status", Map.of("status", "SHIPPED"), o.id())
            .expectStatus().isOk());
        assertThat(shipped.path("status").asString()).isEqualTo("SHIPPED");
        assertThat(part(shipped, o.vendorA()).path("trackingNumber").asString()).isEqualTo("1Z999AA10123456784");
        assertThat(part(shipped, o.vendorB()).path("status").asString()).isEqualTo("SHIPPED");
        JsonNode delivered = body(patch(admin(), "/api/v1/orders/{id}/status", Map.of("status", "DELIVERED"), o.id())
            .expectStatus().isOk());
        assertThat(delivered.path("fulfilments").findValuesAsString("status")).containsOnly("DELIVERED");
    }

    @Test
    void badFulfilmentChangesAreRefusedWithTheFieldNamed() {
        TwoVendorOrder o = twoVendorOrder();
        String a = vendor(o.vendorA());
        String uri = "/api/v1/orders/{id}/fulfilments/{v}";
        List<Map.Entry<String, Map<String, Object>>> bad = List.of(
                Map.entry("status", Map.of("status", "PENDING")),
                Map.entry("status", Map.of("carrier", "UPS")),
                Map.entry("carrier", Map.of("status", "SHIPPED", "trackingNumber", "1Z999AA10123456784")),
                Map.entry("trackingNumber", Map.of("status", "SHIPPED", "carrier", "UPS", "trackingNumber", "1Z")),
                Map.entry("trackingNumber", Map.of("status", "SHIPPED", "carrier", "UPS", "trackingNumber", "<script>alert(1)</script>")),
                Map.entry("carrier", Map.of("status", "SHIPPED", "carrier", "x".repeat(61))),
                Map.entry("carrier", Map.of("status", "SHIPPED", "carrier", "\u0000UPS")),
                Map.entry("carrier", Map.of("status", "DELIVERED", "carrier", "UPS", "trackingNumber", "1Z999AA10123456784")));
        bad.forEach(one -> patch(a, uri, one.getValue(), o.id(), o.vendorA()).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains(one.getKey())));
        for (String raw : new String[] { "{\"status\":\"LOST\"}", "{", "[]" }) {
            http.patch().uri(uri, o.id(), o.vendorA()).headers(h -> h.setBearerAuth(a)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(raw).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.patch().uri("/api/v1/orders/{id}/fulfilments/not-a-uuid", o.id()).headers(h -> h.setBearerAuth(a))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"SHIPPED\"}").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/orders?awaitingShipment=maybe").headers(h -> h.setBearerAuth(a)).exchange()
            .expectStatus().isBadRequest();
        // Someone else's order, an unknown order, a vendor without lines in it: 404, and nothing shipped.
        patch(vendor(UUID.randomUUID()), uri, Map.of("status", "SHIPPED"), o.id(), o.vendorA()).expectStatus().isNotFound();
        patch(admin(), uri, Map.of("status", "SHIPPED"), UUID.randomUUID(), o.vendorA()).expectStatus().isNotFound();
        patch(admin(), uri, Map.of("status", "SHIPPED"), o.id(), UUID.randomUUID()).expectStatus().isNotFound();
        JsonNode after = get(admin(), "/api/v1/orders/{id}", o.id());
        assertThat(after.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(after.path("fulfilments").findValuesAsString("status")).containsOnly("PENDING");
    }

    private WebTestClient.ResponseSpec patch(String token, String uri, Object body, Object... variables) {
        return http.patch().uri(uri, variables).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body).exchange();
    }

    private static JsonNode listed(JsonNode page, String id) {
        for (JsonNode order : page.path("items")) {
            if (order.path("id").asString().equals(id)) {
                return order;
            }
        }
        throw new AssertionError("order " + id + " not listed in " + page);
    }

}
