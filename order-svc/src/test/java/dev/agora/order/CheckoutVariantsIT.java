package dev.agora.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A product sold in variants is bought by variant: each line names one, is priced and reserved as
 * that variant, and a product sold in variants cannot be bought as itself.
 */
class CheckoutVariantsIT extends OrderTestBase {

    /** A product of {@code vendor} sold in two sizes, S at 20.00 and M at 25.00; answers its id and the variants' ids. */
    private static List<UUID> tee(UUID vendor) {
        UUID id = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID medium = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/products/" + id, 200, """
                {"id":"%s","vendorId":"%s","name":"Tee","sku":"TEE","status":"active",
                 "price":{"amount":"20.00","currency":"USD"},"purchasable":true,"hasVariants":true}""".formatted(id, vendor));
        PRODUCTS.on("GET", "/internal/products/" + id + "/variants/" + small, 200, """
                {"id":"%s","productId":"%s","vendorId":"%s","name":"Tee (S)","sku":"TEE-S","status":"active",
                 "price":{"amount":"20.00","currency":"USD"},"purchasable":true}""".formatted(small, id, vendor));
        PRODUCTS.on("GET", "/internal/products/" + id + "/variants/" + medium, 200, """
                {"id":"%s","productId":"%s","vendorId":"%s","name":"Tee (M)","sku":"TEE-M","status":"active",
                 "price":{"amount":"25.00","currency":"USD"},"purchasable":true}""".formatted(medium, id, vendor));
        return List.of(id, small, medium);
    }

    private static String orderOf(List<Map<String, Object>> lines) {
        return JSON.writeValueAsString(Map.of("items", lines,
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB"),
                "paymentMethod", "pm_card_visa"));
    }

    @Test
    void eachLineIsPricedAndReservedAsTheVariantItNames() {
        List<UUID> tee = tee(VENDOR);
        UUID mug = product("5.00", UUID.randomUUID());
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
        JsonNode order = placed(customer(UUID.randomUUID()), orderOf(List.of(
                Map.of("productId", tee.get(0), "variantId", tee.get(1), "quantity", 2),
                Map.of("productId", tee.get(0), "variantId", tee.get(2), "quantity", 1),
                Map.of("productId", mug, "quantity", 1))), 201);

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("subtotal").path("amount").asString()).isEqualTo("70.00");
        // The customer bought the tee, and these two variants of it, not any other.
        String buyer = order.path("userId").asString();
        assertThat(purchased(buyer, tee.get(0), null)).isTrue();
        assertThat(purchased(buyer, tee.get(0), tee.get(1))).isTrue();
        assertThat(purchased(buyer, tee.get(0), UUID.randomUUID())).isFalse();
        assertThat(purchased(UUID.randomUUID().toString(), tee.get(0), tee.get(1))).isFalse();
        assertThat(order.path("items").get(2).has("variantId")).isFalse();
        JsonNode items = order.path("items");
        assertThat(items.get(0).path("productId").asString()).isEqualTo(tee.get(0).toString());
        assertThat(items.get(0).path("variantId").asString()).isEqualTo(tee.get(1).toString());
        assertThat(items.get(0).path("sku").asString()).isEqualTo("TEE-S");
        assertThat(items.get(0).path("name").asString()).isEqualTo("Tee (S)");
        assertThat(items.get(1).path("unitPrice").path("amount").asString()).isEqualTo("25.00");
        assertThat(items.get(1).path("lineTotal").path("amount").asString()).isEqualTo("25.00");

        // inventory-svc holds each variant's units, under the variant's id.
        JsonNode reservation = JSON.readTree(INVENTORY.requests().stream().filter(r -> r.call().equals("POST /internal/reservations"))
            .findFirst().orElseThrow().body());
        assertThat(reservation.path("items").findValuesAsString("productId"))
            .containsExactly(tee.get(1).toString(), tee.get(2).toString(), mug.toString());

        // The customer cancels the tee's vendor's part before it ships: the variants' units go back, by their ids.
        http.patch().uri("/api/v1/orders/{id}/fulfilments/{v}", order.path("id").asString(), VENDOR)
            .headers(h -> h.setBearerAuth(customer(UUID.fromString(order.path("userId").asString()))))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("status", "CANCELLED", "reason", "Wrong size"))
            .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", "/release") == 1);
        JsonNode release = JSON.readTree(INVENTORY.requests().stream().filter(r -> r.call().endsWith("/release")).findFirst()
            .orElseThrow().body());
        assertThat(release.path("productIds").valueStream().map(JsonNode::asString).toList())
            .containsExactly(tee.get(1).toString(), tee.get(2).toString());
    }

    private boolean purchased(String user, UUID product, UUID variant) {
        return variant == null
                ? get(FORGE.service(), "/internal/orders/purchases?userId={u}&productId={p}", user, product).path("purchased").asBoolean()
                : get(FORGE.service(), "/internal/orders/purchases?userId={u}&productId={p}&variantId={v}", user, product, variant)
                    .path("purchased").asBoolean();
    }

    @Test
    void aProductSoldInVariantsNeedsOneAndAVariantOfAnotherProductIsNotFound() {
        List<UUID> tee = tee(VENDOR);
        List<UUID> other = tee(VENDOR);
        UUID buyer = UUID.randomUUID();

        checkout(customer(buyer), orderOf(List.of(Map.of("productId", tee.get(0), "quantity", 1))))
            .expectStatus().isEqualTo(422).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "product-unavailable")
            .jsonPath("$.errors[0].field").isEqualTo("items[0].variantId")
            .jsonPath("$.errors[0].message").isEqualTo("is required: the product is sold in variants");
        checkout(customer(buyer), orderOf(List.of(Map.of("productId", tee.get(0), "variantId", other.get(1), "quantity", 1))))
            .expectStatus().isEqualTo(422)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("items[0].variantId")
            .jsonPath("$.errors[0].message").isEqualTo("no such variant of the product");
        // The same variant twice is one line with a larger quantity; two variants of a product are two.
        checkout(customer(buyer), orderOf(List.of(Map.of("productId", tee.get(0), "variantId", tee.get(1), "quantity", 1),
                Map.of("productId", tee.get(0), "variantId", tee.get(1), "quantity", 2))))
            .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("items[1].productId");

        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }
}
