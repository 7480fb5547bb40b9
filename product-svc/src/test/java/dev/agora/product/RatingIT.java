package dev.agora.product;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.agora.defaults.events.EventStreams;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rating summary in every product item, and {@code sort=rating}, follow review-svc's events as
 * they arrive on the reviews stream: only published reviews count, each review in the order its
 * changes happened.
 */
class RatingIT extends CatalogTestBase {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    @SuppressWarnings("unchecked")
    void listingsCarryEachProductsRatingAndSortByIt() {
        TestVendor vendor = verifiedVendor("Rated");
        UUID category = category("Rated " + UUID.randomUUID(), null);
        String good = id(create(vendor.token(), product("Good kettle", "RATE-1-" + UUID.randomUUID(), "10.00", category)));
        String best = id(create(vendor.token(), product("Best kettle", "RATE-2-" + UUID.randomUUID(), "10.00", category)));
        String unrated = id(create(vendor.token(), product("New kettle", "RATE-3-" + UUID.randomUUID(), "10.00", category)));

        review("review.created", "r1-" + good, good, 5, "published", T0);
        review("review.created", "r2-" + good, good, 4, "published", T0);
        review("review.created", "r3-" + best, best, 5, "published", T0);
        review("review.created", "r4-" + best, best, 1, "published", T0);
        review("review.updated", "r4-" + best, best, 1, "hidden", T0.plusSeconds(1));       // an admin hid it
        review("review.deleted", "r5-" + best, best, 2, "deleted", T0.plusSeconds(2));
        review("review.created", "r5-" + best, best, 2, "published", T0.plusSeconds(1));     // older, arrives late: ignored
        Map<String, String> replayed = review("review.created", "r6-" + good, good, 3, "published", T0);
        replay(replayed);                                                                    // delivered twice: counted once

        await().atMost(Duration.ofSeconds(10)).until(() -> rating(good).equals(Map.of("average", 4.0, "count", 3)));
        assertThat(rating(best)).isEqualTo(Map.of("average", 5.0, "count", 1));
        assertThat(rating(unrated)).isEqualTo(Map.of("count", 0));

        Map<String, Object> page = http.get().uri("/api/v1/products?category={c}&sort=rating", category).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(item -> item.get("id")).containsExactly(best, good, unrated);
        assertThat(items.get(0).get("rating")).isEqualTo(Map.of("average", 5.0, "count", 1));
        assertThat(items).allSatisfy(item -> assertThat(item).containsEntry("inStock", false));

        // The last published review goes: the product is unrated again.
        review("review.deleted", "r3-" + best, best, 5, "deleted", T0.plusSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> rating(best).equals(Map.of("count", 0)));
    }

    @Test
    void aReviewEventThatNamesNoProductIsSkippedAndTheNextOneApplies() {
        TestVendor vendor = verifiedVendor("Rated Odd");
        String product = id(create(vendor.token(), product("Odd kettle", "RATE-4-" + UUID.randomUUID(), "10.00",
                category("Rated odd " + UUID.randomUUID(), null))));
        review("review.created", "odd-1", "not-a-product", 5, "published", T0);
        review("review.created", "odd-2-" + product, product, 2, "published", T0);
        await().atMost(Duration.ofSeconds(10)).until(() -> rating(product).equals(Map.of("average", 2.0, "count", 1)));
    }

    @Test
    void anUnknownSortIsABadRequest() {
        http.get().uri("/api/v1/products?sort=stars").exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
    }

    private static String id(Map<String, Object> product) {
        return (String) product.get("id");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rating(String product) {
        Map<String, Object> view = http.get().uri("/api/v1/products/{id}", product).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Object> rating = (Map<String, Object>) view.get("rating");
        // JSON numbers: compare averages as doubles, counts as ints.
        return rating.entrySet().stream().filter(e -> e.getValue() != null).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getKey().equals("average") ? ((Number) e.getValue()).doubleValue() : e.getValue()));
    }

    /** What review-svc's relay writes to its stream; answers the entry's fields, to deliver again. */
    private Map<String, String> review(String type, String reviewId, String product, int rating, String status, Instant at) {
        Map<String, String> fields = StreamEvents.entry(UUID.randomUUID(), type, at, reviewId, Map.of("reviewId", reviewId,
                "productId", product, "userId", "u-" + reviewId, "rating", rating, "verifiedPurchase", true, "status", status));
        replay(fields);
        return fields;
    }

    private void replay(Map<String, String> fields) {
        redis.opsForStream().add(StreamRecords.mapBacked(fields).withStreamKey(EventStreams.REVIEWS))
            // Announced, as the relays announce what they publish: the consumer reads at once.
            .then(redis.convertAndSend(EventStreams.APPENDED, EventStreams.REVIEWS))
            .block(Duration.ofSeconds(5));
    }
}
