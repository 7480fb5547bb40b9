package dev.agora.product.product;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.product.CatalogTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a product is in stock is asked of every product a page lists and every hit a search
 * counts: it must cost a lookup per product, not a pass over every stocked product per product.
 */
class InStockQueryIT extends CatalogTestBase {

    private static final int STOCKED = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    DatabaseClient db;

    @Test
    void readsStockByKeyInsteadOfScanningEveryStockedProductForEachProduct() {
        TestVendor vendor = verifiedVendor("Stock plan " + UUID.randomUUID());
        UUID category = category("Stock plan " + UUID.randomUUID(), null);
        for (int i = 0; i < 20; i++) {
            create(vendor.token(), product("Plan lamp " + i, "PLAN-" + i + "-" + UUID.randomUUID(), "10.00", category));
        }
        // Stock as a catalogue with thousands of stocked products has it (as_of marks the rows to remove).
        db.sql("INSERT INTO product_stock (product_id, available, as_of) SELECT gen_random_uuid(), 1, 'epoch'"
                + " FROM generate_series(1, " + STOCKED + ")").then().block(WAIT);
        try {
            db.sql("ANALYZE product_stock").then().block(WAIT);
            long products = db.sql("SELECT count(*) FROM products").map(row -> row.get(0, Long.class)).one().block(WAIT);
            // As the inStock filter and a search's facets ask it: in a WHERE, where PostgreSQL makes it a join.
            String plan = db.sql("EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM products p WHERE " + ProductRepository.inStock("p"))
                .map(row -> row.get(0, String.class)).one().block(WAIT);

            long rows = rowsHandled(JsonMapper.builder().build().readTree(plan));
            // Each product and each stocked row a few times at most, not every pair of them.
            assertThat(rows).as("rows the plan handled for %d products and %d stocked", products, STOCKED)
                .isLessThanOrEqualTo(10 * (products + STOCKED));
        }
        finally {
            db.sql("DELETE FROM product_stock WHERE as_of = 'epoch'").then().block(WAIT);
        }
    }

    /**
     * The rows every node of the plan handled, over all its loops: those it passed on and those its
     * filters and join filters dropped. A pair-by-pair join shows as their product.
     */
    private static long rowsHandled(JsonNode node) {
        long rows = 0;
        if (node.isObject() && node.has("Actual Loops")) {
            rows += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Join Filter").asLong()) * node.path("Actual Loops").asLong();
        }
        for (JsonNode child : node) {
            rows += rowsHandled(child);
        }
        return rows;
    }
}
