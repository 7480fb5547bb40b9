package dev.agora.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stock over HTTP: who may change it, how, the audit trail, public availability and bad input.
 */
class StockIT extends InventoryTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void theOwningVendorSetsAndAdjustsStockAndEveryChangeIsAudited() {
        UUID vendor = UUID.randomUUID();
        UUID product = product(vendor);
        String token = vendor(vendor);
        setStock(token, product, 10).expectStatus().isOk().expectBody()
            .jsonPath("$.onHand").isEqualTo(10).jsonPath("$.available").isEqualTo(10).jsonPath("$.vendorId").isEqualTo(vendor.toString());
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", -3, "reason", "damaged in storage"))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.onHand").isEqualTo(7);
        // Fractions used to be truncated (5.9 units set as 5, a delta of 1.5 applied as 1).
        http.put().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("onHand", 5.9)).exchange()
            .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("onHand")
            .jsonPath("$.errors[0].message").isEqualTo("must be a whole number");
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 1.5, "reason", "found one")).exchange()
            .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("delta");
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 1, "reason", "found\u0000one")).exchange()
            .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");

        http.get().uri("/api/v1/inventory/{id}", product).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.available").isEqualTo(7).jsonPath("$.inStock").isEqualTo(true)
            .jsonPath("$.onHand").doesNotExist().jsonPath("$.vendorId").doesNotExist();
        http.get().uri("/api/v1/inventory/{id}/movements", product).headers(h -> h.setBearerAuth(token))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.totalItems").isEqualTo(2)
            .jsonPath("$.items[0].kind").isEqualTo("adjust")
            .jsonPath("$.items[0].onHandDelta").isEqualTo(-3)
            .jsonPath("$.items[0].reason").isEqualTo("damaged in storage")
            .jsonPath("$.items[0].actor").value(actor -> assertThat((String) actor).startsWith("vendor:"))
            .jsonPath("$.items[1].kind").isEqualTo("set")
            .jsonPath("$.items[1].onHandAfter").isEqualTo(10);
    }

    @Test
    void anotherVendorSeesNoProductAndCustomersMayNotChangeStock() {
        UUID product = stocked(4);
        setStock(vendor(UUID.randomUUID()), product, 100).expectStatus().isNotFound();
        http.get().uri("/api/v1/inventory/{id}/movements", product).headers(h -> h.setBearerAuth(vendor(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        setStock(customer(), product, 100).expectStatus().isForbidden();
        setStock(admin(), UUID.randomUUID(), 1).expectStatus().isNotFound();
        assertThat(stock(product)).containsEntry("onHand", 4);
    }

    @Test
    void eachVariantHasStockOfItsOwnAndAProductSoldInVariantsHasNone() {
        UUID vendor = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        stockItem(product, product, vendor, true);
        stockItem(small, product, vendor, false);
        stockItem(large, product, vendor, false);

        setStock(vendor(vendor), small, 3).expectStatus().isOk();
        setStock(vendor(vendor), large, 1).expectStatus().isOk();
        // Its own stock would be sold by nobody: refused, and nothing kept.
        setStock(vendor(vendor), product, 5).expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/inventory/{id}", product).exchange().expectStatus().isNotFound();
        // Another vendor does not see the variants, as it does not see products.
        setStock(vendor(UUID.randomUUID()), small, 100).expectStatus().isNotFound();

        // An order of both sizes holds each variant's units, and the last large one is gone.
        reserve(UUID.randomUUID(), Map.of(small, 2, large, 1)).expectStatus().isCreated();
        assertThat(stock(small)).containsEntry("onHand", 3).containsEntry("reserved", 2);
        assertThat(stock(large)).containsEntry("reserved", 1);
        reserve(UUID.randomUUID(), Map.of(large, 1)).expectStatus().isEqualTo(409);
        assertThat(stock(small)).containsEntry("reserved", 2);
    }

    @Test
    void stockNeverGoesBelowWhatIsReserved() {
        UUID product = stocked(5);
        reserve(UUID.randomUUID(), Map.of(product, 3)).expectStatus().isCreated();
        setStock(admin(), product, 2).expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", -3, "reason", "shrinkage"))
            .exchange().expectStatus().isEqualTo(409);
        assertThat(stock(product)).containsEntry("onHand", 5).containsEntry("reserved", 3).containsEntry("available", 2);
    }

    @Test
    void checksAvailabilityPerLine() {
        UUID plenty = stocked(10);
        UUID scarce = stocked(1);
        UUID unknown = UUID.randomUUID();
        http.post().uri("/api/v1/inventory/check").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("items", List.of(Map.of("productId", plenty, "quantity", 3),
                    Map.of("productId", scarce, "quantity", 2), Map.of("productId", unknown, "quantity", 1))))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.allAvailable").isEqualTo(false)
            .jsonPath("$.items[0].sufficient").isEqualTo(true)
            .jsonPath("$.items[1].available").isEqualTo(1)
            .jsonPath("$.items[1].sufficient").isEqualTo(false)
            .jsonPath("$.items[1].tracked").isEqualTo(true)
            .jsonPath("$.items[2].available").isEqualTo(0)
            .jsonPath("$.items[2].tracked").isEqualTo(false);
    }

    @Test
    void refusesBadInputWithProblems() {
        UUID product = stocked(3);
        http.post().uri("/api/v1/inventory/check").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("items", List.of(Map.of("productId", product, "quantity", 0))))
            .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("items[0].quantity");
        http.post().uri("/api/v1/inventory/check").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("items", IntStream.range(0, 101).mapToObj(i -> Map.of("productId", product, "quantity", 1)).toList()))
            .exchange().expectStatus().isBadRequest();
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 0, "reason", "nothing"))
            .exchange().expectStatus().isBadRequest();
        http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 2))
            .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        setStock(admin(), product, -1).expectStatus().isBadRequest();
        http.get().uri("/api/v1/inventory/not-a-uuid").exchange().expectStatus().isBadRequest();
        assertThat(stock(product)).containsEntry("onHand", 3);
    }

    @Test
    void announcesLowStockOnceWhenAvailableFallsBelowTheThreshold() {
        UUID vendor = UUID.randomUUID();
        UUID product = product(vendor);
        http.put().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("onHand", 6, "lowStockThreshold", 5))
            .exchange().expectStatus().isOk();
        reserve(UUID.randomUUID(), Map.of(product, 2)).expectStatus().isCreated();
        reserve(UUID.randomUUID(), Map.of(product, 1)).expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(10)).until(() -> events(product, "inventory.low_stock").size() == 1);
        JsonNode lowStock = JSON.readTree(events(product, "inventory.low_stock").get(0)).get("data");
        assertThat(lowStock.get("available").asInt()).isEqualTo(4);
        assertThat(lowStock.get("threshold").asInt()).isEqualTo(5);
        assertThat(lowStock.get("vendorId").asString()).isEqualTo(vendor.toString());
        // Set once; the reservations never took it out of stock.
        assertThat(events(product, "inventory.stock_changed")).hasSize(1)
            .allMatch(e -> JSON.readTree(e).get("data").get("inStock").asBoolean());
    }

    private List<String> events(UUID product, String type) {
        return redis.opsForStream().read(StreamOffset.fromStart("agora:events:inventory"))
            .filter(r -> type.equals(r.getValue().get("type")))
            .map(r -> String.valueOf(r.getValue().get("envelope")))
            .filter(e -> e.contains(product.toString()))
            .collectList()
            .block(Duration.ofSeconds(5));
    }
}
