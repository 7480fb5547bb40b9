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
import org.springframework.r2dbc.core.DatabaseClient;

import dev.agora.defaults.events.EventStreams;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sort=popular} follows order-svc's events as they arrive on the orders stream: units sold in
 * orders that stand, each order's changes in the order they happened.
 */
class PopularityIT extends CatalogTestBase {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    DatabaseClient db;

    @Autowired
    SqlStatements statements;

    @Test
    void popularSortsByUnitsSoldInOrdersThatStand() {
        TestVendor vendor = verifiedVendor("Popular");
        UUID category = category("Popular " + UUID.randomUUID(), null);
        // Created least popular first: ties fall back to the id, which grows with creation time, so
        // before any sale counts the listing is the reverse of the expected one.
        String none = id(create(vendor.token(), product("Unsold pan", "POP-4-" + UUID.randomUUID(), "10.00", category)));
        String few = id(create(vendor.token(), product("Few sold pan", "POP-3-" + UUID.randomUUID(), "10.00", category)));
        String some = id(create(vendor.token(), product("Some sold pan", "POP-2-" + UUID.randomUUID(), "10.00", category)));
        String most = id(create(vendor.token(), product("Most sold pan", "POP-1-" + UUID.randomUUID(), "10.00", category)));
        assertThat(ids(category)).containsExactly(none, few, some, most);

        order("order.confirmed", "CONFIRMED", UUID.randomUUID(), T0, Map.of(most, 3, few, 1));
        UUID cancelled = UUID.randomUUID();
        order("order.confirmed", "CONFIRMED", cancelled, T0, Map.of(few, 4));
        order("order.cancelled", "CANCELLED", cancelled, T0.plusSeconds(1), Map.of(few, 4));
        UUID refunded = UUID.randomUUID();
        order("order.refunded", "REFUNDED", refunded, T0.plusSeconds(2), Map.of(none, 9));
        order("order.confirmed", "CONFIRMED", refunded, T0.plusSeconds(1), Map.of(none, 9));    // older, arrives late: ignored
        Map<String, String> twice = order("order.confirmed", "CONFIRMED", UUID.randomUUID(), T0, Map.of(some, 1));
        deliver(twice);                                                                          // delivered twice: counted once
        order("order.shipped", "SHIPPED", UUID.randomUUID(), T0, Map.of(some, 1));

        // The last event is the shipped one: once it counts, every event before it has been consumed.
        // Every line of a multi-line order counts, not only the first.
        await().atMost(Duration.ofSeconds(20))
            .until(() -> unitsSold(List.of(most, some, few, none)).equals(Map.of(most, 3L, some, 2L, few, 1L, none, 0L)));
        assertThat(ids(category)).containsExactly(most, some, few, none);
        // The order of the other sorts is untouched by sales.
        assertThat(http.get().uri("/api/v1/products?category={c}&sort=name", category).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody().get("totalItems")).isEqualTo(4);
    }

    @Test
    void aPartCancelledBeforeItShipsStopsCountingWhileTheRestOfTheOrderStands() {
        TestVendor vendor = verifiedVendor("Parts");
        UUID category = category("Parts " + UUID.randomUUID(), null);
        String kept = id(create(vendor.token(), product("Kept kettle", "PART-1-" + UUID.randomUUID(), "10.00", category)));
        String dropped = id(create(vendor.token(), product("Dropped kettle", "PART-2-" + UUID.randomUUID(), "10.00", category)));
        UUID order = UUID.randomUUID();
        order("order.confirmed", "CONFIRMED", order, T0, Map.of(kept, 2, dropped, 5), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> unitsSold(List.of(kept, dropped)).equals(Map.of(kept, 2L, dropped, 5L)));

        // The event lists what stands in items and the cancelled part's lines in cancellation.
        order("order.part_cancelled", "CONFIRMED", order, T0.plusSeconds(1), Map.of(kept, 2), Map.of(dropped, 5));
        order("order.shipped", "SHIPPED", order, T0.plusSeconds(2), Map.of(kept, 2), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> unitsSold(List.of(kept, dropped)).equals(Map.of(kept, 2L, dropped, 0L)));
    }

    @Test
    void locksAProductThenRecordsTheLineAndRecountsInOneStatement() {
        TestVendor vendor = verifiedVendor("Counted");
        String pan = id(create(vendor.token(), product("Counted pan", "POP-C-" + UUID.randomUUID(), "10.00",
                category("Counted " + UUID.randomUUID(), null))));
        UUID product = UUID.fromString(pan);
        int before = statements.about(product).size();
        UUID confirmed = UUID.randomUUID();
        order("order.confirmed", "CONFIRMED", confirmed, T0, Map.of(pan, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> unitsSold(List.of(pan)).equals(Map.of(pan, 2L)));
        List<String> handling = statements.about(product).subList(before, statements.about(product).size());
        assertThat(handling).hasSize(2);
        assertThat(handling.get(0)).contains("INSERT INTO product_popularity").contains("WHERE false");
        assertThat(handling.get(1)).startsWith("WITH recorded AS").contains("UPDATE product_popularity");

        // A cancellation stops the line counting; an older event arriving after it changes nothing.
        order("order.cancelled", "CANCELLED", confirmed, T0.plusSeconds(2), Map.of(pan, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> unitsSold(List.of(pan)).equals(Map.of(pan, 0L)));
        order("order.shipped", "SHIPPED", confirmed, T0.plusSeconds(1), Map.of(pan, 2));
        UUID other = UUID.randomUUID();
        order("order.confirmed", "CONFIRMED", other, T0, Map.of(pan, 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> unitsSold(List.of(pan)).equals(Map.of(pan, 5L)));
    }

    private Map<String, Long> unitsSold(List<String> products) {
        return db.sql("SELECT product_id::text AS id, units_sold FROM product_popularity WHERE product_id::text = ANY(:ids)")
            .bind("ids", products.toArray(String[]::new))
            .map(row -> Map.entry(row.get("id", String.class), row.get("units_sold", Long.class)))
            .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block(Duration.ofSeconds(5));
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(UUID category) {
        Map<String, Object> page = http.get().uri("/api/v1/products?category={c}&sort=popular", category).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(p -> (String) p.get("id")).toList();
    }

    private static String id(Map<String, Object> product) {
        return (String) product.get("id");
    }

    /** What order-svc's outbox relay writes to its stream; answers the entry's fields, to deliver again. */
    private Map<String, String> order(String type, String status, UUID order, Instant at, Map<String, Integer> lines) {
        return order(type, status, order, at, lines, null);
    }

    /** With {@code cancelled}: an {@code order.part_cancelled} event whose cancellation holds those lines. */
    private Map<String, String> order(String type, String status, UUID order, Instant at, Map<String, Integer> lines,
            Map<String, Integer> cancelled) {
        Map<String, Object> data = new java.util.HashMap<>(Map.of("orderId", order,
                "reference", "AG-TEST", "userId", UUID.randomUUID(), "status", status,
                "total", Map.of("amount", "10.00", "currency", "USD"), "items", lines(lines)));
        if (cancelled != null) {
            data.put("cancellation", Map.of("vendorId", UUID.randomUUID(), "items", lines(cancelled),
                    "refund", Map.of("amount", "50.00", "currency", "USD")));
        }
        Map<String, String> fields = StreamEvents.entry(UUID.randomUUID(), type, at, order.toString(), data);
        deliver(fields);
        return fields;
    }

    private static List<Map<String, Object>> lines(Map<String, Integer> lines) {
        return lines.entrySet().stream().<Map<String, Object>>map(line -> Map.of("productId", line.getKey(),
                "vendorId", UUID.randomUUID(), "name", "Pan", "sku", "POP", "quantity", line.getValue(),
                "unitPrice", Map.of("amount", "10.00", "currency", "USD"))).toList();
    }

    private void deliver(Map<String, String> fields) {
        redis.opsForStream().add(StreamRecords.mapBacked(fields).withStreamKey(EventStreams.ORDERS))
            // Announced, as the relays announce what they publish: the consumer reads at once.
            .then(redis.convertAndSend(EventStreams.APPENDED, EventStreams.ORDERS))
            .block(Duration.ofSeconds(5));
    }
}
