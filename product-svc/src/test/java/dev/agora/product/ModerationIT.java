package dev.agora.product;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moderation: a vendor's product waits for an admin before shoppers see it; a change of what
 * shoppers read sends it back; the queue serves the most complete first.
 */
class ModerationIT extends CatalogTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void aVendorsNewProductIsHiddenFromShoppersUntilAnAdminApprovesIt() {
        UUID cat = category("Moderated Lamps", null);
        TestVendor vendor = verifiedVendor("Lumen Moderated");
        Map<String, Object> submitted = submit(vendor.token(), product("Moderated Brass Lamp", "MOD-1", "30.00", cat));
        String id = (String) submitted.get("id");
        assertThat(submitted).containsEntry("moderation", "pending_review").containsEntry("status", "active");

        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/products/sku/MOD-1").exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products?category={c}", cat).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(0);
        http.get().uri("/api/v1/products/suggest?q=Moderated").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.suggestions.length()").isEqualTo(0);
        // Its vendor sees it, saying where it stands; another vendor does not know it exists.
        http.get().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.moderation").isEqualTo("pending_review");
        TestVendor other = verifiedVendor("Other Moderated");
        http.get().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(other.token())).exchange()
            .expectStatus().isNotFound();
        // Nobody can buy it: order-svc asks whether it is purchasable.
        http.get().uri("/internal/products/{id}", id).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.purchasable").isEqualTo(false);

        assertThat(queueIds()).contains(id);
        Map<String, Object> approved = approve(submitted);
        assertThat(approved).containsEntry("moderation", "approved").containsEntry("version", submitted.get("version"));

        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.moderation").isEqualTo("approved");
        http.get().uri("/api/v1/products?category={c}", cat).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1);
        http.get().uri("/internal/products/{id}", id).headers(h -> h.setBearerAuth(FORGE.service())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.purchasable").isEqualTo(true);
        assertThat(queueIds()).doesNotContain(id);
    }

    @Test
    void aRejectedProductStaysHiddenAndItsVendorReadsWhy() {
        TestVendor vendor = verifiedVendor("Rejected Wares");
        Map<String, Object> submitted = submit(vendor.token(), product("Questionable Tonic", "MOD-REJ-1", "9.00", anyCategory()));
        String id = (String) submitted.get("id");

        decide(id, "reject", Map.of("version", submitted.get("version"), "reason", "  Health claims need evidence.  "))
            .expectStatus().isOk().expectBody()
            .jsonPath("$.moderation").isEqualTo("rejected")
            .jsonPath("$.moderationReason").isEqualTo("Health claims need evidence.");
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.moderationReason").isEqualTo("Health claims need evidence.");
        assertThat(queueIds()).doesNotContain(id);

        // Rewriting it sends it back for review, the old reason gone with the old text.
        patch(vendor.token(), id, Map.of("description", "A herbal tonic; no health claims.", "version", submitted.get("version")))
            .expectStatus().isOk().expectBody()
            .jsonPath("$.moderation").isEqualTo("pending_review")
            .jsonPath("$.moderationReason").doesNotExist();
        assertThat(queueIds()).contains(id);
    }

    @Test
    void anAdminTakesAnApprovedProductOutOfTheCatalogueByRejectingIt() {
        TestVendor vendor = verifiedVendor("Taken Down");
        Map<String, Object> live = create(vendor.token(), product("Counterfeit Watch", "MOD-DOWN-1", "99.00", anyCategory()));
        String id = (String) live.get("id");
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk();

        decide(id, "reject", Map.of("version", live.get("version"), "reason", "Trademark complaint")).expectStatus().isOk();
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products?q=Counterfeit").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void priceAndStockEditsKeepTheApprovalWhileNameDescriptionAndImagesSendItBack() {
        TestVendor vendor = verifiedVendor("Edits Moderated");
        Map<String, Object> live = create(vendor.token(), product("Walnut Stool", "MOD-EDIT-1", "45.00", anyCategory()));
        String id = (String) live.get("id");

        Map<String, Object> repriced = patch(vendor.token(), id, Map.of("price", Map.of("amount", "39.00", "currency", "USD"),
                "tags", List.of("sale"), "version", live.get("version")))
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(repriced).containsEntry("moderation", "approved");
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk();
        // Spaces around the same text are no change of it.
        repriced = patch(vendor.token(), id, Map.of("description", "  " + live.get("description") + "\n", "version", repriced.get("version")))
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(repriced).containsEntry("moderation", "approved");

        Map<String, Object> captioned = patch(vendor.token(), id, Map.of("images",
                List.of(Map.of("url", "https://img.example/MOD-EDIT-1.jpg", "altText", "A stool, from above")),
                "version", repriced.get("version")))
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(captioned).containsEntry("moderation", "pending_review");
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isNotFound();

        Map<String, Object> again = approve(captioned);
        patch(vendor.token(), id, Map.of("names", Map.of("hi-IN", "अखरोट स्टूल"), "version", again.get("version")))
            .expectStatus().isOk().expectBody().jsonPath("$.moderation").isEqualTo("pending_review");
    }

    @Test
    void anAdminsProductsAndEditsNeedNoReview() {
        TestVendor vendor = verifiedVendor("Admin Listed");
        Map<String, Object> body = product("Admin Listed Kettle", "MOD-ADM-1", "25.00", anyCategory());
        body.put("vendorId", vendor.id().toString());
        Map<String, Object> created = submit(admin(), body);
        assertThat(created).containsEntry("moderation", "approved");
        patch(admin(), (String) created.get("id"), Map.of("name", "Admin Listed Whistling Kettle", "version", created.get("version")))
            .expectStatus().isOk().expectBody().jsonPath("$.moderation").isEqualTo("approved");
    }

    @Test
    void theQueueServesTheMostCompleteProductFirstWithItsScore() {
        UUID cat = category("Queue Order", null);
        TestVendor vendor = verifiedVendor("Queue Order Shop");
        Map<String, Object> bare = new LinkedHashMap<>(Map.of("name", "Bare Box", "sku", "MOD-Q-1", "status", "active",
                "price", Map.of("amount", "5.00", "currency", "USD"), "categoryIds", List.of(cat.toString())));
        String bareId = (String) submit(vendor.token(), bare).get("id");
        Map<String, Object> complete = product("Complete Crate", "MOD-Q-2", "15.00", cat);
        complete.put("description", "x".repeat(300));
        complete.put("barcode", "4006381333931");
        complete.put("images", List.of(Map.of("url", "https://img.example/q1.jpg", "altText", "front"),
                Map.of("url", "https://img.example/q2.jpg", "altText", "back"),
                Map.of("url", "https://img.example/q3.jpg", "altText", "side")));
        String completeId = (String) submit(vendor.token(), complete).get("id");

        List<Map<String, Object>> items = queue();
        List<String> ids = items.stream().map(ModerationIT::productId).toList();
        assertThat(ids).contains(bareId, completeId);
        assertThat(ids.indexOf(completeId)).isLessThan(ids.indexOf(bareId));
        assertThat(score(items, completeId)).isEqualTo(100);
        // Nothing but what the API requires (a name, a price, a category): no description, image or barcode.
        assertThat(score(items, bareId)).isEqualTo(15);
    }

    @Test
    void aDecisionNamesTheVersionTheAdminReviewed() {
        TestVendor vendor = verifiedVendor("Versioned Review");
        Map<String, Object> submitted = submit(vendor.token(), product("Shifty Shelf", "MOD-VER-1", "70.00", anyCategory()));
        String id = (String) submitted.get("id");
        // The vendor rewrites it while the admin reads version 0: approving version 0 would approve unseen text.
        patch(vendor.token(), id, Map.of("description", "Now with a different claim", "version", submitted.get("version")))
            .expectStatus().isOk();
        decide(id, "approve", Map.of("version", submitted.get("version"))).expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        decide(id, "approve", Map.of("version", 1)).expectStatus().isOk();
        decide(id, "approve", Map.of("version", 1)).expectStatus().isEqualTo(409);
    }

    @Test
    void badDecisionsAreClearProblemsAndOnlyAdminsDecide() {
        TestVendor vendor = verifiedVendor("Decision Rules");
        Map<String, Object> submitted = submit(vendor.token(), product("Rule Ruler", "MOD-BAD-1", "3.00", anyCategory()));
        String id = (String) submitted.get("id");

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(), Map.of("version", -1), Map.of("version", "zero"))) {
            decide(id, "approve", bad).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        decide(id, "reject", Map.of("version", 0)).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        decide(id, "reject", Map.of("version", 0, "reason", "   ")).expectStatus().isBadRequest();
        decide(id, "reject", Map.of("version", 0, "reason", "x".repeat(1001))).expectStatus().isBadRequest();
        decide(UUID.randomUUID().toString(), "approve", Map.of("version", 0)).expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        http.post().uri("/api/v1/products/{id}/approve", id).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("version", 0)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/products/review-queue").headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/products/review-queue").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.moderation").isEqualTo("pending_review");
    }

    @Test
    void aVendorsImportWaitsForReviewAndAnAdminsDoesNot() {
        UUID cat = category("Imported Moderation", null);
        String slug = (String) http.get().uri("/api/v1/categories/{id}", cat).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody().get("slug");
        TestVendor vendor = verifiedVendor("Import Moderated");
        String csv = "sku,name,price,currency,categories,status\nMOD-IMP-1,Imported Jug,12.00,USD," + slug + ",active\n";
        awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202));
        String adminCsv = "sku,name,price,currency,categories,status\nMOD-IMP-2,Admin Jug,12.00,USD," + slug + ",active\n";
        awaitDone(admin(), upload(admin(), adminCsv, vendor.id().toString(), 202));

        http.get().uri("/api/v1/products/sku/MOD-IMP-1").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.moderation").isEqualTo("pending_review");
        http.get().uri("/api/v1/products/sku/MOD-IMP-1").exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/sku/MOD-IMP-2").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.moderation").isEqualTo("approved");
    }

    @Test
    void eachTransitionPublishesItsEventForTheVendorToBeTold() {
        TestVendor vendor = verifiedVendor("Eventful Review");
        Map<String, Object> submitted = submit(vendor.token(), product("Event Vase", "MOD-EVT-1", "18.00", anyCategory()));
        String id = (String) submitted.get("id");
        decide(id, "reject", Map.of("version", 0, "reason", "Blurry photo")).expectStatus().isOk();
        patch(vendor.token(), id, Map.of("images", List.of(Map.of("url", "https://img.example/sharp.jpg", "altText", "vase")),
                "version", 0)).expectStatus().isOk();
        decide(id, "approve", Map.of("version", 1)).expectStatus().isOk();

        List<String> envelopes = reactor.core.publisher.Mono.defer(() -> redis.opsForStream()
                .read(StreamOffset.fromStart("agora:events:products"))
                .filter(r -> r.getValue().get("envelope").toString().contains(id))
                .filter(r -> !List.of("product.created", "product.updated").contains(r.getValue().get("type")))
                .map(r -> r.getValue().get("type") + " " + r.getValue().get("envelope"))
                .collectList())
            .filter(list -> list.size() >= 4)
            .repeatWhenEmpty(100, f -> f.delayElements(Duration.ofMillis(50)))
            .block(Duration.ofSeconds(10));
        assertThat(envelopes).extracting(e -> e.substring(0, e.indexOf(' '))).containsExactly("product.review_requested",
                "product.rejected", "product.review_requested", "product.approved");
        assertThat(envelopes.get(1)).contains("Blurry photo").contains(vendor.id().toString());
    }

    private WebTestClient.ResponseSpec decide(String id, String decision, Map<String, Object> body) {
        return http.post().uri("/api/v1/products/{id}/" + decision, id).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(String token, String id, Map<String, Object> body) {
        return http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private UUID anyCategory() {
        return category("Moderation " + UUID.randomUUID(), null);
    }

    /** The whole queue, page by page (other tests' vendor imports wait in it too). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> queue() {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            Map<String, Object> body = http.get().uri("/api/v1/products/review-queue?size=100&page={p}", page)
                .headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
            items.addAll((List<Map<String, Object>>) body.get("items"));
            if (page + 1 >= ((Number) body.get("totalPages")).intValue()) {
                return items;
            }
        }
    }

    private List<String> queueIds() {
        return queue().stream().map(ModerationIT::productId).toList();
    }

    @SuppressWarnings("unchecked")
    private static String productId(Map<String, Object> item) {
        return (String) ((Map<String, Object>) item.get("product")).get("id");
    }

    private static int score(List<Map<String, Object>> items, String id) {
        return items.stream().filter(i -> id.equals(productId(i))).map(i -> (Integer) i.get("qualityScore")).findFirst().orElseThrow();
    }
}
