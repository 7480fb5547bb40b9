package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Counts of a search's results by category, vendor, tag, price band and stock, so a shopper sees
 * where the results are before narrowing them. Each count is over the whole result, not the page;
 * the lists keep the 20 largest values.
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

    Mono<Facets> of(ProductQuery.Sql sql) {
        Mono<List<Value>> categories = values(sql, "SELECT c.slug AS value, c.name AS label, count(*) AS n" + FROM
                + " JOIN product_categories pc ON pc.product_id = p.id JOIN categories c ON c.id = pc.category_id", "c.slug, c.name");
        Mono<List<Value>> vendors = values(sql, "SELECT v.id::text AS value, v.name AS label, count(*) AS n" + FROM, "v.id, v.name");
        Mono<List<Value>> tags = values(sql, "SELECT t.tag AS value, t.tag AS label, count(*) AS n" + FROM
                + " CROSS JOIN LATERAL unnest(p.tags) AS t(tag)", "t.tag");
        return Mono.zip(categories, vendors, tags, totals(sql))
            .map(t -> new Facets(t.getT1(), t.getT2(), t.getT3(), t.getT4().prices(), t.getT4().stock()));
    }

    private Mono<List<Value>> values(ProductQuery.Sql sql, String select, String groupBy) {
        return ProductRepository.bind(db.sql(select + sql.where() + " GROUP BY " + groupBy + " ORDER BY n DESC, label LIMIT " + MAX_VALUES), sql)
            .map(row -> new Value(row.get("value", String.class), row.get("label", String.class), row.get("n", Long.class)))
            .all()
            .collectList();
    }

    private record Totals(List<PriceBand> prices, Stock stock) {
    }

    private Mono<Totals> totals(ProductQuery.Sql sql) {
        StringBuilder select = new StringBuilder("SELECT count(*) AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM product_stock s"
                + " WHERE s.product_id = p.id AND s.available > 0)) AS in_stock");
        for (int i = 0; i < BANDS.size(); i++) {
            select.append(", count(*) FILTER (WHERE p.price >= ").append(BANDS.get(i).toPlainString())
                .append(i + 1 < BANDS.size() ? " AND p.price < " + BANDS.get(i + 1).toPlainString() : "").append(") AS band").append(i);
        }
        return ProductRepository.bind(db.sql(select + FROM + sql.where()), sql)
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
                return new Totals(prices, new Stock(inStock, total - inStock));
            })
            .one();
    }
}
