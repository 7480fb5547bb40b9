package dev.agora.product;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facets: a search's whole result counted by category, vendor, tag, price band and stock, with
 * values a filter takes as they are.
 */
class FacetsIT extends CatalogTestBase {

    @Test
    @SuppressWarnings("unchecked")
    void facetsCountTheWholeResultAndTheirValuesFilterIt() {
        UUID root = category("Faceted " + UUID.randomUUID(), null);
        UUID stools = category("Faceted stools " + UUID.randomUUID(), root);
        TestVendor a = verifiedVendor("Facet A");
        TestVendor b = verifiedVendor("Facet B");
        var oak = product("Oak Stool", "FAC-OAK-" + UUID.randomUUID(), "20.00", stools);
        oak.put("tags", List.of("oak", "handmade"));
        create(a.token(), oak);
        var pine = product("Pine Stool", "FAC-PINE-" + UUID.randomUUID(), "45.00", stools);
        pine.put("tags", List.of("pine", "handmade"));
        create(a.token(), pine);
        var bench = product("Long Bench", "FAC-BENCH-" + UUID.randomUUID(), "600.00", root);
        bench.put("tags", List.of("oak"));
        create(b.token(), bench);

        Map<String, Object> page = http.get().uri("/api/v1/products?category={c}&size=1", root).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) page.get("items")).hasSize(1);
        Map<String, Object> facets = (Map<String, Object>) page.get("facets");
        assertThat((List<Map<String, Object>>) facets.get("categories")).containsExactly(
                Map.of("value", field(stools, "slug"), "label", field(stools, "name"), "count", 2),
                Map.of("value", field(root, "slug"), "label", field(root, "name"), "count", 1));
        assertThat((List<Map<String, Object>>) facets.get("vendors")).containsExactly(
                Map.of("value", a.id().toString(), "label", "Facet A", "count", 2),
                Map.of("value", b.id().toString(), "label", "Facet B", "count", 1));
        assertThat((List<Map<String, Object>>) facets.get("tags")).containsExactly(
                Map.of("value", "handmade", "label", "handmade", "count", 2), Map.of("value", "oak", "label", "oak", "count", 2),
                Map.of("value", "pine", "label", "pine", "count", 1));
        assertThat((List<Map<String, Object>>) facets.get("prices")).containsExactly(
                Map.of("minPrice", "0", "maxPrice", "24.9999", "count", 1),
                Map.of("minPrice", "25", "maxPrice", "49.9999", "count", 1),
                Map.of("minPrice", "500", "count", 1));
        assertThat(facets.get("stock")).isEqualTo(Map.of("inStock", 0, "outOfStock", 3));

        // Each value narrows the result to its count.
        http.get().uri("/api/v1/products?category={c}&vendor={v}", root, b.id()).exchange().expectBody()
            .jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.facets.vendors.length()").isEqualTo(1);
        http.get().uri("/api/v1/products?category={c}&minPrice=25&maxPrice=49.9999", root).exchange().expectBody()
            .jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].name").isEqualTo("Pine Stool");
        http.get().uri("/api/v1/products?category={c}&tag=oak", root).exchange().expectBody()
            .jsonPath("$.totalItems").isEqualTo(2).jsonPath("$.facets.tags[?(@.value == 'pine')]").doesNotExist();
        // Nothing found: empty facets, not an error.
        http.get().uri("/api/v1/products?category={c}&q=zzqxj", root).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.facets.categories.length()").isEqualTo(0).jsonPath("$.facets.prices.length()").isEqualTo(0)
            .jsonPath("$.facets.stock.outOfStock").isEqualTo(0);
    }

    @SuppressWarnings("unchecked")
    private String field(UUID category, String name) {
        return (String) http.get().uri("/api/v1/categories/{id}", category).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody().get(name);
    }
}
