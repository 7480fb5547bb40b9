package dev.agora.product;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The category tree: nesting, counts including descendants, cycles and deletes refused.
 */
class CategoryIT extends CatalogTestBase {

    @Test
    void buildsTheTreeWithProductCountsIncludingDescendants() {
        UUID home = category("Home", null);
        UUID lighting = category("Lighting", home);
        UUID lamps = category("Desk Lamps", lighting);
        TestVendor vendor = verifiedVendor("Bright");
        create(vendor.token(), product("Arc Lamp", "ARC-1", "49.00", lamps));
        create(vendor.token(), product("Ceiling Light", "CEIL-1", "89.00", lighting));
        var draft = product("Secret Lamp", "SECRET-1", "10.00", lamps);
        draft.put("status", "draft");
        create(vendor.token(), draft);

        http.get().uri("/api/v1/categories/tree").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$[?(@.id == '" + home + "')].productCount").isEqualTo(2)
            .jsonPath("$[?(@.id == '" + home + "')].children[0].slug").isEqualTo("lighting")
            .jsonPath("$[?(@.id == '" + home + "')].children[0].productCount").isEqualTo(2)
            .jsonPath("$[?(@.id == '" + home + "')].children[0].children[0].slug").isEqualTo("desk-lamps")
            .jsonPath("$[?(@.id == '" + home + "')].children[0].children[0].productCount").isEqualTo(1);
        http.get().uri("/api/v1/categories/slug/desk-lamps").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.parentId").isEqualTo(lighting.toString()).jsonPath("$.productCount").isEqualTo(1);
        http.get().uri("/api/v1/categories/{id}", home).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.productCount").isEqualTo(2);
    }

    @Test
    void refusesCyclesAndDeletesOfUsedCategories() {
        UUID a = category("Alpha", null);
        UUID b = category("Beta", a);
        UUID c = category("Gamma", b);
        http.put().uri("/api/v1/categories/{id}", a).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Alpha", "parentId", c.toString(), "version", 0))
            .exchange().expectStatus().isEqualTo(409);
        http.put().uri("/api/v1/categories/{id}", a).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Alpha", "parentId", a.toString(), "version", 0))
            .exchange().expectStatus().isEqualTo(409);
        http.delete().uri("/api/v1/categories/{id}", b).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isEqualTo(409);
        TestVendor vendor = verifiedVendor("Used");
        create(vendor.token(), product("Thing", "THING-1", "5.00", c));
        http.delete().uri("/api/v1/categories/{id}", c).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isEqualTo(409);
        UUID empty = category("Empty", null);
        http.delete().uri("/api/v1/categories/{id}", empty).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/categories/{id}", empty).exchange().expectStatus().isNotFound();
        // Moving Gamma to the top is fine.
        http.put().uri("/api/v1/categories/{id}", c).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Gamma", "version", 0))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.parentId").doesNotExist();
    }

    @Test
    void onlyAdminsWriteCategories() {
        http.post().uri("/api/v1/categories").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "X"))
            .exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/categories").headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "X")).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/categories").headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Child", "parentId", UUID.randomUUID().toString()))
            .exchange().expectStatus().isBadRequest();
    }
}
