package dev.agora.product;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inStock filter follows inventory-svc's events as they arrive on the inventory stream.
 */
class InStockIT extends CatalogTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void inStockFollowsInventoryEventsInTheOrderTheyHappened() {
        TestVendor vendor = verifiedVendor("Stocky");
        UUID category = category("Stock " + UUID.randomUUID(), null);
        String stocked = (String) create(vendor.token(), product("Stocked lamp", "STK-1-" + UUID.randomUUID(), "10.00", category)).get("id");
        String sold = (String) create(vendor.token(), product("Sold-out lamp", "STK-2-" + UUID.randomUUID(), "10.00", category)).get("id");
        String never = (String) create(vendor.token(), product("Never stocked lamp", "STK-3-" + UUID.randomUUID(), "10.00", category)).get("id");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        stockChanged(redis, stocked, 5, t0);
        stockChanged(redis, sold, 3, t0);
        stockChanged(redis, sold, 0, t0.plusSeconds(1));
        stockChanged(redis, stocked, 0, t0.minusSeconds(1)); // older than what is known: ignored

        await().atMost(Duration.ofSeconds(10)).until(() -> ids(category, true).equals(List.of(stocked)));
        assertThat(ids(category, false)).containsExactlyInAnyOrder(sold, never);
        assertThat(ids(category, null)).containsExactlyInAnyOrder(stocked, sold, never);

        stockChanged(redis, sold, 2, t0.plusSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(category, true).size() == 2);
        assertThat(ids(category, true)).containsExactlyInAnyOrder(stocked, sold);
    }

    @Test
    void aMalformedInStockValueIsABadRequest() {
        http.get().uri("/api/v1/products?inStock=maybe").exchange().expectStatus().isBadRequest();
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(UUID category, Boolean inStock) {
        Map<String, Object> page = http.get().uri(b -> {
            b.path("/api/v1/products").queryParam("category", category);
            if (inStock != null) {
                b.queryParam("inStock", inStock);
            }
            return b.build();
        }).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(p -> (String) p.get("id")).toList();
    }
}
