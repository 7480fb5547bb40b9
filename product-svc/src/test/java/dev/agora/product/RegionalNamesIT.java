package dev.agora.product;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Localized product names: returned for the caller's Accept-Language, found by search, validated.
 */
class RegionalNamesIT extends CatalogTestBase {

    private static final String HINDI = "पीतल का दीपक";
    private static final String TAMIL = "பித்தளை விளக்கு";

    @Test
    @SuppressWarnings("unchecked")
    void aShopperGetsTheNameInItsLanguageAndFindsTheProductByIt() {
        UUID cat = category("Regional Lamps", null);
        TestVendor vendor = verifiedVendor("Regional");
        Map<String, Object> body = product("Brass Lamp", "RN-1", "10.00", cat);
        body.put("names", Map.of("hi-IN", HINDI, "ta-IN", TAMIL));
        Map<String, Object> created = create(vendor.token(), body);
        assertThat(created).containsEntry("name", "Brass Lamp");
        assertThat((Map<String, Object>) created.get("names")).containsEntry("hi-IN", HINDI).containsEntry("ta-IN", TAMIL);
        String id = (String) created.get("id");

        http.get().uri("/api/v1/products/{id}", id).header("Accept-Language", "hi-IN,hi;q=0.9,en;q=0.8").exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals("Content-Language", "hi-IN")
            .expectHeader().value("Vary", vary -> assertThat(vary).contains("Accept-Language"))
            .expectBody().jsonPath("$.name").isEqualTo(HINDI).jsonPath("$.names.ta-IN").isEqualTo(TAMIL);
        // A language without its region finds the regional name; the catalogue's own language keeps the name.
        http.get().uri("/api/v1/products/{id}", id).header("Accept-Language", "ta").exchange()
            .expectBody().jsonPath("$.name").isEqualTo(TAMIL);
        http.get().uri("/api/v1/products/{id}", id).header("Accept-Language", "en-US,hi;q=0.5").exchange()
            .expectHeader().valueEquals("Content-Language", "en")
            .expectBody().jsonPath("$.name").isEqualTo("Brass Lamp");
        http.get().uri("/api/v1/products/{id}", id).header("Accept-Language", "fr-FR").exchange()
            .expectBody().jsonPath("$.name").isEqualTo("Brass Lamp");
        // A header no one could parse is no reason to fail the page.
        http.get().uri("/api/v1/products/{id}", id).header("Accept-Language", "!!;q=x").exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Brass Lamp");

        // Search finds the product by its regional name, and lists answer in the caller's language;
        // the shared cache of the list must not hand one caller's language to the next.
        http.get().uri("/api/v1/products?q={q}", "दीपक").header("Accept-Language", "hi-IN").exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].name").isEqualTo(HINDI);
        http.get().uri("/api/v1/products?q={q}", "दीपक").header("Accept-Language", "en").exchange()
            .expectBody().jsonPath("$.items[0].name").isEqualTo("Brass Lamp");
        http.get().uri("/api/v1/products?category=regional-lamps").header("Accept-Language", "ta-IN").exchange()
            .expectBody().jsonPath("$.items[0].name").isEqualTo(TAMIL);
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesAreReplacedAndClearedByPatch() {
        UUID cat = category("Regional Edits", null);
        TestVendor vendor = verifiedVendor("Regional Editor");
        Map<String, Object> body = product("Clay Pot", "RN-2", "3.00", cat);
        body.put("names", Map.of("hi-IN", "मिट्टी का बर्तन"));
        Map<String, Object> created = create(vendor.token(), body);
        Map<String, Object> replaced = patch(vendor.token(), (String) created.get("id"),
                Map.of("names", Map.of("ta-IN", "மண் பானை"), "version", created.get("version")));
        assertThat((Map<String, Object>) replaced.get("names")).containsOnlyKeys("ta-IN");
        Map<String, Object> kept = patch(vendor.token(), (String) created.get("id"),
                Map.of("description", "Unglazed", "version", replaced.get("version")));
        assertThat((Map<String, Object>) kept.get("names")).containsOnlyKeys("ta-IN");
        Map<String, Object> cleared = patch(vendor.token(), (String) created.get("id"),
                Map.of("names", Map.of(), "version", kept.get("version")));
        assertThat((Map<String, Object>) cleared.get("names")).isEmpty();
    }

    @Test
    void badRegionalNamesAreRefusedNamingTheField() {
        UUID cat = category("Regional Checks", null);
        TestVendor vendor = verifiedVendor("Regional Checker");
        Map<String, Object> many = new HashMap<>();
        for (String language : List.of("hi", "ta", "te", "kn", "ml", "mr", "gu", "bn", "pa", "or", "as", "ur", "fr", "de", "es",
                "it", "pt", "nl", "sv", "fi", "da")) {
            many.put(language, "Name");
        }
        for (Map<String, Object> names : List.<Map<String, Object>>of(Map.of("not a locale", "x"), Map.of("hi_IN", "x"),
                Map.of("hi-in", "x"), Map.of("hi-IN", " "), Map.of("hi-IN", "x".repeat(201)), many)) {
            Map<String, Object> body = product("Checked", "RN-3", "1.00", cat);
            body.put("names", names);
            http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").value(f -> assertThat((String) f).as(names.keySet().toString())
                    .startsWith("names"));
        }
        http.get().uri("/api/v1/products/sku/RN-3").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> patch(String token, String id, Map<String, Object> body) {
        return http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
    }
}
