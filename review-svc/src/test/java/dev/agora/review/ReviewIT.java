package dev.agora.review;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.StubServer;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * review-svc over MongoDB (a real one through Testcontainers where Docker runs, the in-memory
 * stand-in otherwise; the log says which) and Redis, with stand-ins for product-svc (is it active)
 * and order-svc (did this user buy it: the contract of {@code GET /internal/orders/purchases}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=review-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.reviews.relay-interval=50ms" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores(mongo = true)
class ReviewIT {

    static final TokenForge FORGE = TokenForge.newKey("review-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);
    static final StubServer PRODUCTS = new StubServer();
    static final StubServer ORDERS = new StubServer();

    @Autowired
    WebTestClient http;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.product.uri", PRODUCTS::url);
        registry.add("agora.services.order.uri", ORDERS::url);
    }

    @AfterAll
    static void close() {
        PRODUCTS.close();
        ORDERS.close();
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    static UUID product(String status) {
        UUID id = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/products/" + id, 200, "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}");
        return id;
    }

    static String customer(UUID id) {
        return FORGE.draft(id, "customer").sign();
    }

    static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static Map<String, Object> review(UUID product, int rating) {
        return Map.of("productId", product, "rating", rating, "title", "Solid", "body", "Does what it says.");
    }

    WebTestClient.ResponseSpec post(String token, Object body) {
        return http.post().uri("/api/v1/reviews").headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    String create(UUID user, UUID product, int rating) {
        return (String) post(customer(user), review(product, rating)).expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    WebTestClient.BodyContentSpec summary(UUID product) {
        return http.get().uri("/api/v1/reviews/product/{id}/summary", product).exchange().expectStatus().isOk().expectBody();
    }

    @Test
    void oneReviewPerUserAndProductOfAnActiveProduct() {
        UUID product = product("active");
        UUID user = UUID.randomUUID();
        create(user, product, 4);
        post(customer(user), review(product, 5)).expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        post(customer(user), review(UUID.randomUUID(), 5)).expectStatus().isNotFound();
        post(customer(user), review(product("archived"), 5)).expectStatus().isNotFound();
        post(null, review(product, 5)).expectStatus().isUnauthorized();
    }

    @Test
    void aReviewIsVerifiedWhenOrderServiceSaysTheAuthorBoughtTheProduct() {
        UUID product = product("active");
        UUID buyer = UUID.randomUUID();
        ORDERS.on("GET", "/internal/orders/purchases?userId=" + buyer + "&productId=" + product, 200,
                "{\"userId\":\"" + buyer + "\",\"productId\":\"" + product + "\",\"purchased\":true}");
        ORDERS.on("GET", "/internal/orders/purchases", 200, "{\"purchased\":false}");
        post(customer(buyer), review(product, 5)).expectStatus().isCreated()
            .expectBody().jsonPath("$.verifiedPurchase").isEqualTo(true);
        post(customer(UUID.randomUUID()), review(product, 2)).expectStatus().isCreated()
            .expectBody().jsonPath("$.verifiedPurchase").isEqualTo(false);
        http.get().uri("/api/v1/reviews/product/{id}?verified=true", product).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].rating").isEqualTo(5);
    }

    @Test
    void aReviewNamesTheVariantBoughtAndListsFilterByIt() {
        UUID product = product("active");
        UUID medium = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/products/" + product + "/variants/" + medium, 200,
                "{\"id\":\"" + medium + "\",\"productId\":\"" + product + "\",\"label\":\"M / red\"}");
        Map<String, Object> ofMedium = new java.util.HashMap<>(review(product, 4));
        ofMedium.put("variantId", medium);
        // Verified means bought that variant: the buyer of another size reviewing this one is not.
        UUID buyer = UUID.randomUUID();
        UUID otherSize = UUID.randomUUID();
        ORDERS.on("GET", "/internal/orders/purchases?userId=" + buyer + "&productId=" + product + "&variantId=" + medium, 200,
                "{\"purchased\":true}");
        ORDERS.on("GET", "/internal/orders/purchases?userId=" + otherSize + "&productId=" + product, 200, "{\"purchased\":true}");
        ORDERS.on("GET", "/internal/orders/purchases?userId=" + otherSize + "&productId=" + product + "&variantId=" + medium, 200,
                "{\"purchased\":false}");
        post(customer(buyer), ofMedium).expectStatus().isCreated().expectBody()
            .jsonPath("$.variantId").isEqualTo(medium.toString()).jsonPath("$.variantLabel").isEqualTo("M / red")
            .jsonPath("$.verifiedPurchase").isEqualTo(true);
        post(customer(otherSize), ofMedium).expectStatus().isCreated().expectBody().jsonPath("$.verifiedPurchase").isEqualTo(false);
        create(UUID.randomUUID(), product, 2);

        http.get().uri("/api/v1/reviews/product/{id}?variantId={v}", product, medium).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.totalItems").isEqualTo(2).jsonPath("$.items[0].rating").isEqualTo(4);
        summary(product).jsonPath("$.count").isEqualTo(3);

        // A variant product-svc does not know of this product is refused, and nothing is written.
        UUID author = UUID.randomUUID();
        Map<String, Object> unknown = new java.util.HashMap<>(review(product, 5));
        unknown.put("variantId", UUID.randomUUID());
        post(customer(author), unknown).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("variantId");
        summary(product).jsonPath("$.count").isEqualTo(3);
    }

    @Test
    void clientsCannotSetTheFieldsThatAreNotTheirs() {
        UUID product = product("active");
        UUID user = UUID.randomUUID();
        for (var extra : List.of(Map.of("verifiedPurchase", true), Map.of("helpfulCount", 99), Map.of("status", "published"),
                Map.of("userId", UUID.randomUUID().toString()))) {
            var body = new java.util.HashMap<String, Object>(review(product, 5));
            body.putAll(extra);
            post(customer(user), body).expectStatus().isBadRequest();
        }
        http.get().uri("/api/v1/reviews/product/{id}", product).exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void textLimitsAndRatingRangeAreEnforcedAndTextIsKeptAsPlainText() {
        UUID product = product("active");
        UUID user = UUID.randomUUID();
        post(customer(user), Map.of("productId", product, "rating", 0, "title", "t", "body", "b")).expectStatus().isBadRequest();
        post(customer(user), Map.of("productId", product, "rating", 6, "title", "t", "body", "b")).expectStatus().isBadRequest();
        // A fraction used to be read as its whole part: 4.5 stars stored as 4.
        post(customer(user), Map.of("productId", product, "rating", 4.5, "title", "t", "body", "b")).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("rating")
            .jsonPath("$.errors[0].message").isEqualTo("must be a whole number");
        post(customer(user), Map.of("productId", product, "rating", 4, "title", "t\u0000", "body", "b")).expectStatus()
            .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("title");
        post(customer(user), Map.of("productId", product, "rating", 3, "title", "t".repeat(121), "body", "b"))
            .expectStatus().isBadRequest();
        post(customer(user), Map.of("productId", product, "rating", 3, "title", "t", "body", "b".repeat(4001)))
            .expectStatus().isBadRequest();
        post(customer(user), Map.of("productId", product, "rating", 3, "title", "<b>Bold</b>", "body", "b".repeat(4000)))
            .expectStatus().isCreated().expectBody().jsonPath("$.title").isEqualTo("<b>Bold</b>");
    }

    @Test
    void authorsAndAdminsChangeAReviewAndOthersDoNotSeeItToChange() {
        UUID product = product("active");
        UUID author = UUID.randomUUID();
        String id = create(author, product, 2);
        var change = Map.of("rating", 4, "title", "Better", "body", "Grew on me.");
        http.put().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(change).exchange().expectStatus().isNotFound();
        http.delete().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        http.put().uri("/api/v1/reviews/{id}", id).contentType(MediaType.APPLICATION_JSON).bodyValue(change).exchange()
            .expectStatus().isUnauthorized();
        http.put().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(author)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(change).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.rating").isEqualTo(4);
        summary(product).jsonPath("$.average").isEqualTo(4.0);
        http.get().uri("/api/v1/reviews/me").headers(h -> h.setBearerAuth(customer(author))).exchange()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1);
        http.delete().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/reviews/{id}", id).exchange().expectStatus().isNotFound();
        summary(product).jsonPath("$.count").isEqualTo(0);
        // Deleted, the author may review the product again once the deletion is published.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post(customer(author), review(product, 5))
            .expectStatus().isCreated());
    }

    @Test
    void theSummaryMatchesTheReviewsAfterFiftyConcurrentReviews() throws Exception {
        UUID product = product("active");
        summary(product).jsonPath("$.count").isEqualTo(0);
        ExecutorService pool = Executors.newFixedThreadPool(25);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int rating = i % 5 + 1;
                results.add(pool.submit(() -> {
                    go.await();
                    int status = post(customer(UUID.randomUUID()), review(product, rating)).returnResult(String.class)
                        .getStatus().value();
                    // Readers in between fill the cache; they must not leave a stale summary behind.
                    summary(product);
                    return status;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(201);
            }
        }
        finally {
            pool.shutdownNow();
        }
        summary(product).jsonPath("$.count").isEqualTo(50).jsonPath("$.average").isEqualTo(3.0)
            .jsonPath("$.histogram.1").isEqualTo(10).jsonPath("$.histogram.5").isEqualTo(10);
    }

    @Test
    void aHelpfulVoteCountsOncePerUser() {
        UUID product = product("active");
        UUID author = UUID.randomUUID();
        String id = create(author, product, 5);
        UUID voter = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            http.post().uri("/api/v1/reviews/{id}/helpful", id).headers(h -> h.setBearerAuth(customer(voter))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.helpfulCount").isEqualTo(1);
        }
        http.post().uri("/api/v1/reviews/{id}/helpful", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectBody().jsonPath("$.helpfulCount").isEqualTo(2);
        http.post().uri("/api/v1/reviews/{id}/helpful", id).headers(h -> h.setBearerAuth(customer(author))).exchange()
            .expectStatus().isEqualTo(409);
        String other = create(UUID.randomUUID(), product, 1);
        http.get().uri("/api/v1/reviews/product/{id}?sort=helpful", product).exchange()
            .expectBody().jsonPath("$.items[0].id").isEqualTo(id).jsonPath("$.items[1].id").isEqualTo(other);
        http.get().uri("/api/v1/reviews/product/{id}?sort=rating_asc", product).exchange()
            .expectBody().jsonPath("$.items[0].id").isEqualTo(other);
        http.get().uri("/api/v1/reviews/product/{id}?sort=loudest", product).exchange().expectStatus().isBadRequest();
    }

    @Test
    void hiddenReviewsLeaveListsAndTheSummaryUntilUnhidden() {
        UUID product = product("active");
        UUID author = UUID.randomUUID();
        String id = create(author, product, 1);
        create(UUID.randomUUID(), product, 5);
        summary(product).jsonPath("$.average").isEqualTo(3.0);
        http.post().uri("/api/v1/reviews/{id}/hide", id).headers(h -> h.setBearerAuth(customer(author))).exchange()
            .expectStatus().isForbidden();
        http.post().uri("/api/v1/reviews/{id}/hide", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("hidden");
        summary(product).jsonPath("$.average").isEqualTo(5.0).jsonPath("$.count").isEqualTo(1);
        http.get().uri("/api/v1/reviews/product/{id}", product).exchange().expectBody().jsonPath("$.totalItems").isEqualTo(1);
        http.get().uri("/api/v1/reviews/{id}", id).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(author))).exchange()
            .expectStatus().isOk();
        http.post().uri("/api/v1/reviews/{id}/helpful", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        http.post().uri("/api/v1/reviews/{id}/unhide", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk();
        summary(product).jsonPath("$.average").isEqualTo(3.0).jsonPath("$.count").isEqualTo(2);
    }

    @Test
    void everyChangeIsPublishedAsAnEvent() {
        UUID product = product("active");
        UUID author = UUID.randomUUID();
        String id = create(author, product, 3);
        http.put().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(author)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("rating", 4, "title", "t", "body", "b")).exchange()
            .expectStatus().isOk();
        http.delete().uri("/api/v1/reviews/{id}", id).headers(h -> h.setBearerAuth(customer(author))).exchange()
            .expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(redis.opsForStream()
            .read(StreamOffset.fromStart("agora:events:reviews")).collectList().block(Duration.ofSeconds(5)).stream()
            .filter(r -> String.valueOf(r.getValue().get("envelope")).contains(id))
            .map(r -> String.valueOf(r.getValue().get("type"))).toList())
            .containsExactly("review.created", "review.updated", "review.deleted"));
    }
}
