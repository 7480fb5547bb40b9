package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.r2dbc.spi.Readable;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Counts of a search's results by category, vendor, tag, price band and stock, so a shopper sees
 * where the results are before narrowing them. Each count is over the whole result, not the page;
 * the lists keep the 20 largest values. The total and every facet come from one statement, which
 * evaluates the search's condition (full text, trigrams: the costly part) once.
 */
@Repository
class ProductFacets {

    static final int MAX_VALUES = 20;
    /** Lower bounds of the price bands, in each product's own currency. */
    static final List<BigDecimal> BANDS = List.of(new BigDecimal("0"), new BigDecimal("25"), new BigDecimal("50"),
            new BigDecimal("100"), new BigDecimal("250"), new BigDecimal("500"));

    private static final String FROM = " FROM products p JOIN vendors v ON v.id = p.vendor_id";

    private final DatabaseClient db;

    ProductFacets(DatabaseClient db) {
        this.db = db;
    }

    @Schema(description = "How the whole result (not only this page) divides by category, vendor, tag, price and stock")
    record Facets(@Schema(description = "by category the products are directly in (values are slugs); a filter by one "
            + "includes its descendants")
            List<Value> categories, List<Value> vendors, List<Value> tags,
            @Schema(description = "bands of the price in each product's own currency; empty bands left out") List<PriceBand> prices,
            Stock stock) {
    }

    @Schema(description = "one value of a facet: the filter parameter's value, a label to show, and how many results have it")
    record Value(String value, String label, long count) {
    }

    @Schema(description = "minPrice and maxPrice to filter by this band; maxPrice is absent for the top band")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PriceBand(String minPrice, String maxPrice, long count) {
    }

    record Stock(long inStock, long outOfStock) {
    }

    /** A search's total and facets. */
    record Counted(long total, Facets facets) {
    }

    Mono<Counted> of(ProductQuery.Sql sql) {
        StringBuilder with = new StringBuilder("WITH hits AS MATERIALIZED (SELECT p.id, p.price, p.tags, v.id AS vendor_id,"
                + " v.name AS vendor_name" + FROM + sql.where() + ")");
        StringBuilder select = new StringBuilder("\nSELECT (SELECT count(*) FROM hits) AS total,"
                + " (SELECT count(*) FROM hits h WHERE " + ProductRepository.inStock("h") + ") AS in_stock");
        for (int i = 0; i < BANDS.size(); i++) {
            select.append(", (SELECT count(*) FROM hits WHERE price >= ").append(BANDS.get(i).toPlainString())
                .append(i + 1 < BANDS.size() ? " AND price < " + BANDS.get(i + 1).toPlainString() : "").append(") AS band").append(i);
        }
        facet(with, select, "categories", "SELECT c.slug AS value, c.name AS label, count(*) AS n FROM hits h"
                + " JOIN product_categories pc ON pc.product_id = h.id JOIN categories c ON c.id = pc.category_id GROUP BY c.slug, c.name");
        facet(with, select, "vendors", "SELECT h.vendor_id::text AS value, h.vendor_name AS label, count(*) AS n FROM hits h"
                + " GROUP BY h.vendor_id, h.vendor_name");
        facet(with, select, "tags", "SELECT t.tag AS value, t.tag AS label, count(*) AS n FROM hits h"
                + " CROSS JOIN LATERAL unnest(h.tags) AS t(tag) GROUP BY t.tag");
        select.append(" FROM categories, vendors, tags");
        return ProductRepository.bind(db.sql(with.append(select).toString()), sql)
            .map(row -> {
                List<PriceBand> prices = new ArrayList<>();
                for (int i = 0; i < BANDS.size(); i++) {
                    long n = row.get("band" + i, Long.class);
                    if (n > 0) {
                        // maxPrice is inclusive in the search: the band's top is a hair below the next bound.
                        prices.add(new PriceBand(BANDS.get(i).toPlainString(),
                                i + 1 < BANDS.size() ? BANDS.get(i + 1).subtract(new BigDecimal("0.0001")).toPlainString() : null, n));
                    }
                }
                long total = row.get("total", Long.class);
                long inStock = row.get("in_stock", Long.class);
                return new Counted(total, new Facets(values(row, "categories"), values(row, "vendors"), values(row, "tags"),
                        prices, new Stock(inStock, total - inStock)));
            })
            .one();
    }

    /** A facet's 20 largest values, as one row of three parallel arrays: values, labels, counts. */
    private static void facet(StringBuilder with, StringBuilder select, String name, String groups) {
        with.append(", ").append(name).append(" AS (SELECT array_agg(value ORDER BY n DESC, label) AS vals,"
                + " array_agg(label ORDER BY n DESC, label) AS labels, array_agg(n ORDER BY n DESC, label) AS counts FROM (")
            .append(groups).append(" ORDER BY n DESC, label LIMIT ").append(MAX_VALUES).append(") top)");
        select.append(", ").append(name).append(".vals AS ").append(name).append("_values, ").append(name).append(".labels AS ")
            .append(name).append("_labels, ").append(name).append(".counts AS ").append(name).append("_counts");
    }

    private static List<Value> values(Readable row, String name) {
        String[] values = row.get(name + "_values", String[].class);
        String[] labels = row.get(name + "_labels", String[].class);
        Long[] counts = row.get(name + "_counts", Long[].class);
        List<Value> list = new ArrayList<>();
        for (int i = 0; values != null && i < values.length; i++) {
            list.add(new Value(values[i], labels[i], counts[i]));
        }
        return list;
    }
}
