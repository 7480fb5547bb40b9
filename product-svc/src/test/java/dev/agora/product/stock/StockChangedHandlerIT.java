package dev.agora.product.stock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.product.CatalogTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stock change clears the cached listings only once it has committed: a listing read while it
 * commits, from the stock as it was, must not stay cached as the truth afterwards.
 */
class StockChangedHandlerIT extends CatalogTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    StockChangedHandler handler;

    @Autowired
    TransactionalOperator tx;

    @Test
    void aListingReadBeforeTheChangeCommitsIsNotServedAfterIt() {
        TestVendor vendor = verifiedVendor("Stock commit");
        UUID category = category("Stock commit " + UUID.randomUUID(), null);
        String lamp = (String) create(vendor.token(), product("Commit lamp", "SCM-" + UUID.randomUUID(), "10.00", category)).get("id");
        assertThat(inStock(category)).isEmpty();

        ReceivedEvent restocked = new ReceivedEvent(UUID.randomUUID(), EventTypes.INVENTORY_STOCK_CHANGED, 1, Instant.now(),
                "inventory-svc", lamp, JSON.valueToTree(Map.of("productId", lamp, "available", 5, "inStock", true)));
        // Between the handler's write and its commit, a shopper's request reads (and caches) the listing.
        List<String> during = tx.transactional(handler.handle(restocked)
                .then(Mono.fromCallable(() -> inStock(category)).subscribeOn(Schedulers.boundedElastic())))
            .block(Duration.ofSeconds(20));
        assertThat(during).isEmpty();

        assertThat(inStock(category)).containsExactly(lamp);
    }

    @SuppressWarnings("unchecked")
    private List<String> inStock(UUID category) {
        Map<String, Object> page = http.get().uri("/api/v1/products?category={c}&inStock=true", category).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(p -> (String) p.get("id")).toList();
    }
}
