package dev.agora.product;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Variants: each size or colour a product is sold in has its own SKU, price, barcode and stock, keeps
 * its id across edits, and is what other services price and stock.
 */
class VariantIT extends CatalogTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    private static Map<String, Object> variant(String sku, String price, Map<String, String> options) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("sku", sku);
        variant.put("price", Map.of("amount", price, "currency", "USD"));
        variant.put("options", options);
        return variant;
    }

    private Map<String, Object> tee(TestVendor vendor, String suffix) {
        Map<String, Object> body = product("Tee " + suffix, "TEE-" + suffix, "99.00", category("Tees " + suffix, null));
        body.put("variants", List.of(variant("TEE-" + suffix + "-S", "20.00", Map.of("size", "S", "colour", "red")), variant("TEE-" + suffix + "-M", "25.00", Map.of("size", "M", "colour", "red"))));
        return create(vendor.token(), body);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> variants(Map<String, Object> product) {
        return (List<Map<String, Object>>) product.get("variants");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> patch(String token, Object id, Map<String, Object> body) {
        return http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec tryPatch(String token, Object id, Map<String, Object> body) {
        return http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void eachVariantHasItsOwnSkuPriceAndBarcodeAndTheProductShowsTheLowestPrice() {
        TestVendor vendor = verifiedVendor("Variant Tees");
        Map<String, Object> body = product("Linen shirt", "SHIRT-1", "99.00", category("Shirts", null));
        Map<String, Object> small = variant("SHIRT-1-S", "20.00", Map.of("size", "S"));
        small.put("barcode", "96385074");
        body.put("variants", List.of(small, variant("SHIRT-1-M", "25.00", Map.of("size", "M"))));
        Map<String, Object> created = create(vendor.token(), body);

        assertThat(created.get("price")).isEqualTo(Map.of("amount", "20.00", "currency", "USD"));
        List<Map<String, Object>> variants = variants(created);
        assertThat(variants).extracting(v -> v.get("sku")).containsExactly("SHIRT-1-S", "SHIRT-1-M");
        assertThat(variants).extracting(v -> v.get("label")).containsExactly("S", "M");
        assertThat(variants.get(1)).containsEntry("price", Map.of("amount", "25.00", "currency", "USD"))
            .containsEntry("options", Map.of("size", "M")).containsEntry("inStock", false);
        assertThat(created).containsEntry("inStock", false);

        // A variant's barcode finds its product, by lookup and by search.
        http.get().uri("/api/v1/products/barcode/96385074").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.id").isEqualTo(created.get("id"));
        http.get().uri("/api/v1/products?q=96385074").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].variants.length()").isEqualTo(2);


        // What order-svc prices a line of the variant at, and what inventory-svc keeps stock of.
        Object mediumId = variants.get(1).get("id");
        http.get().uri("/internal/products/{id}/variants/{v}", created.get("id"), mediumId)
            .headers(h -> h.setBearerAuth(FORGE.service())).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.price.amount").isEqualTo("25.00").jsonPath("$.sku").isEqualTo("SHIRT-1-M")
            .jsonPath("$.name").isEqualTo("Linen shirt (M)").jsonPath("$.vendorId").isEqualTo(vendor.id().toString())
            .jsonPath("$.purchasable").isEqualTo(true);
        http.get().uri("/internal/products/{id}", created.get("id")).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.hasVariants").isEqualTo(true);
        http.get().uri("/internal/stock-items/{id}", mediumId).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.productId").isEqualTo(created.get("id"))
            .jsonPath("$.vendorId").isEqualTo(vendor.id().toString()).jsonPath("$.hasVariants").isEqualTo(false)
            .jsonPath("$.name").isEqualTo("Linen shirt (M)");
        http.get().uri("/internal/stock-items/{id}", created.get("id")).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.hasVariants").isEqualTo(true).jsonPath("$.name").isEqualTo("Linen shirt");

        // A variant is not a product, and a variant of one product is not found under another.
        http.get().uri("/internal/products/{id}", mediumId).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isNotFound();
        Map<String, Object> otherProduct = create(vendor.token(), product("Plain mug", "MUG-V-1", "5.00", category("Mugs V", null)));
        http.get().uri("/internal/products/{id}/variants/{v}", otherProduct.get("id"), mediumId)
            .headers(h -> h.setBearerAuth(FORGE.service())).exchange().expectStatus().isNotFound();
        http.get().uri("/internal/stock-items/{id}", UUID.randomUUID()).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isNotFound();
    }

    @Test
    void anEditKeepsTheVariantsItNamesByIdAddsNewOnesAndRemovesTheRest() {
        TestVendor vendor = verifiedVendor("Variant Editors");
        Map<String, Object> created = tee(vendor, "EDIT");
        List<Map<String, Object>> before = variants(created);
        Object small = before.get(0).get("id");

        Map<String, Object> keptSmall = variant("TEE-EDIT-S", "18.00", Map.of("size", "S", "colour", "red"));
        keptSmall.put("id", small);
        Map<String, Object> changed = patch(vendor.token(), created.get("id"), Map.of("version", created.get("version"),
                "variants", List.of(keptSmall, variant("TEE-EDIT-L", "27.00", Map.of("size", "L", "colour", "red")))));

        List<Map<String, Object>> after = variants(changed);
        assertThat(after).extracting(v -> v.get("sku")).containsExactly("TEE-EDIT-S", "TEE-EDIT-L");
        assertThat(after.get(0)).containsEntry("id", small).containsEntry("price", Map.of("amount", "18.00", "currency", "USD"));
        assertThat(after.get(1).get("id")).isNotIn(before.stream().map(v -> v.get("id")).toList());
        assertThat(changed.get("price")).isEqualTo(Map.of("amount", "18.00", "currency", "USD"));
        // A price change needs no new review.
        assertThat(changed).containsEntry("moderation", "approved");
        // The medium is gone: nothing can price it any more.
        http.get().uri("/internal/products/{id}/variants/{v}", created.get("id"), before.get(1).get("id"))
            .headers(h -> h.setBearerAuth(FORGE.service())).exchange().expectStatus().isNotFound();

        // Two variants may swap their SKUs and options in one edit.
        Map<String, Object> swappedSmall = variant("TEE-EDIT-L", "27.00", Map.of("size", "L", "colour", "red"));
        swappedSmall.put("id", small);
        Map<String, Object> swappedLarge = variant("TEE-EDIT-S", "18.00", Map.of("size", "S", "colour", "red"));
        swappedLarge.put("id", after.get(1).get("id"));
        Map<String, Object> swapped = patch(vendor.token(), created.get("id"), Map.of("version", changed.get("version"),
                "variants", List.of(swappedLarge, swappedSmall)));
        assertThat(variants(swapped)).extracting(v -> v.get("sku")).containsExactly("TEE-EDIT-S", "TEE-EDIT-L");
        assertThat(variants(swapped).get(1)).containsEntry("id", small);

        // No variants: sold as itself again, at its own price.
        Map<String, Object> plain = patch(vendor.token(), created.get("id"), Map.of("version", swapped.get("version"),
                "variants", List.of(), "price", Map.of("amount", "30.00", "currency", "USD")));
        assertThat(variants(plain)).isEmpty();
        assertThat(plain.get("price")).isEqualTo(Map.of("amount", "30.00", "currency", "USD"));

        // Another vendor cannot touch them: the product is not found.
        TestVendor other = verifiedVendor("Variant Meddlers");
        tryPatch(other.token(), created.get("id"), Map.of("version", plain.get("version"), "variants",
                List.of(variant("MEDDLE-1", "1.00", Map.of("size", "XS"))))).expectStatus().isNotFound();
    }

    @Test
    void searchFindsAProductByItsVariantsOptionValuesAsTheyNowAre() {
        TestVendor vendor = verifiedVendor("Variant Dyers");
        Map<String, Object> body = product("Plain tee", "DYED-1", "10.00", category("Dyed", null));
        body.put("variants", List.of(variant("DYED-1-C", "10.00", Map.of("colour", "cerulean")),
                variant("DYED-1-V", "12.00", Map.of("colour", "vermilion"))));
        Map<String, Object> created = create(vendor.token(), body);
        http.get().uri("/api/v1/products?q=vermilion&vendor={v}", vendor.id()).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(created.get("id"));

        Map<String, Object> kept = variant("DYED-1-C", "10.00", Map.of("colour", "cerulean"));
        kept.put("id", variants(created).get(0).get("id"));
        patch(vendor.token(), created.get("id"), Map.of("version", created.get("version"), "variants", List.of(kept)));
        http.get().uri("/api/v1/products?q=vermilion&vendor={v}", vendor.id()).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(0);
        http.get().uri("/api/v1/products?q=cerulean&vendor={v}", vendor.id()).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1);
    }

    @Test
    void badVariantsAreRefusedAndNothingIsWritten() {
        TestVendor vendor = verifiedVendor("Variant Refusals");
        Map<String, Object> created = tee(vendor, "BAD");
        Object id = created.get("id");
        Object version = created.get("version");

        List<Map<String, Object>> invalid = List.of(
                Map.of("variants", List.of(variant("TEE-BAD", "1.00", Map.of("size", "XL")))),
                Map.of("variants", List.of(variant("V-1", "1.00", Map.of("size", "S")), variant("V-2", "1.00", Map.of("colour", "red")))),
                Map.of("variants", List.of(variant("V-1", "1.00", Map.of("size", "S")), variant("V-2", "2.00", Map.of("size", " S ")))),
                Map.of("variants", List.of(variant("V-1", "1.00", Map.of("size", "S")), variant("v-1", "2.00", Map.of("size", "M")))),
                Map.of("variants", List.of(Map.of("sku", "V-1", "price", Map.of("amount", "1.00", "currency", "EUR"),
                        "options", Map.of("size", "S")))),
                Map.of("variants", List.of(Map.of("sku", "V-1", "price", Map.of("amount", "1.00", "currency", "USD"),
                        "options", Map.of()))),
                Map.of("variants", List.of(Map.of("sku", "V-1", "barcode", "96385075", "price", Map.of("amount", "1.00", "currency", "USD"),
                        "options", Map.of("size", "S")))),
                Map.of("variants", List.of(Map.of("id", UUID.randomUUID(), "sku", "V-1", "price",
                        Map.of("amount", "1.00", "currency", "USD"), "options", Map.of("size", "S")))),
                Map.of("variants", List.of(variant("V-1", "1.00", Map.of("size", "S"))), "compareAtPrice",
                        Map.of("amount", "0.50", "currency", "USD")));
        for (Map<String, Object> change : invalid) {
            Map<String, Object> body = new LinkedHashMap<>(change);
            body.put("version", version);
            tryPatch(vendor.token(), id, body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").value(field -> assertThat((String) field).startsWith(
                        change.containsKey("compareAtPrice") ? "compareAtPrice" : "variants"));
        }

        // A SKU or barcode another product (or its variant) has is taken.
        Map<String, Object> mug = product("Mug", "MUG-BAD-1", "5.00", category("Mugs bad", null));
        mug.put("barcode", "4006381333931");
        create(vendor.token(), mug);
        tryPatch(vendor.token(), id, Map.of("version", version, "variants", List.of(variant("MUG-BAD-1", "1.00", Map.of("size", "S")))))
            .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").isEqualTo("A product or variant with this SKU already exists.");
        Map<String, Object> barcoded = variant("V-9", "1.00", Map.of("size", "S"));
        barcoded.put("barcode", "4006381333931");
        tryPatch(vendor.token(), id, Map.of("version", version, "variants", List.of(barcoded)))
            .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").isEqualTo("A product or variant with this barcode already exists.");
        Map<String, Object> other = product("Other tee", "TEE-BAD-S", "5.00", category("Tees other", null));
        http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token())).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(other).exchange().expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").isEqualTo("A product or variant with this SKU already exists.");

        @SuppressWarnings("unchecked")
        Map<String, Object> unchanged = http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(unchanged).containsEntry("version", version);
        assertThat(variants(unchanged)).extracting(v -> v.get("sku")).containsExactly("TEE-BAD-S", "TEE-BAD-M");
    }

    @Test
    void aProductIsInStockWhileOneOfItsVariantsIs() {
        TestVendor vendor = verifiedVendor("Variant Stockists");
        Map<String, Object> created = tee(vendor, "STOCK");
        String productId = (String) created.get("id");
        String small = (String) variants(created).get(0).get("id");
        String medium = (String) variants(created).get(1).get("id");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        // Stock the product held as itself does not count once it has variants.
        stockChanged(redis, productId, 9, t0);
        stockChanged(redis, medium, 0, t0);
        stockChanged(redis, small, 3, t0.plusSeconds(1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/api/v1/products/{id}", productId).exchange()
            .expectBody().jsonPath("$.inStock").isEqualTo(true)
            .jsonPath("$.variants[0].inStock").isEqualTo(true).jsonPath("$.variants[1].inStock").isEqualTo(false));
        stockChanged(redis, small, 0, t0.plusSeconds(2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/api/v1/products?inStock=false&vendor={v}", vendor.id())
            .exchange().expectBody().jsonPath("$.items[?(@.id == '" + productId + "')]").exists());
        http.get().uri("/api/v1/products/{id}", productId).exchange().expectBody().jsonPath("$.inStock").isEqualTo(false);
    }
}
