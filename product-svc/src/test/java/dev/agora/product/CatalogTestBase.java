package dev.agora.product;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.agora.defaults.events.EventStreams;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.TokenForge;

/**
 * product-svc on a random port over real PostgreSQL and Redis, with a stand-in user-svc.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=product-svc", "agora.service-client.client-secret=test-secret-0123456789" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
// Recorded in every test, so that the tests that count statements share the others' context.
@Import(SqlStatements.class)
public abstract class CatalogTestBase {

    protected static final TokenForge FORGE = TokenForge.newKey("catalog-test");
    protected static final FakeUserService USERS = new FakeUserService(FORGE);

    @Autowired
    protected WebTestClient http;

    @DynamicPropertySource
    static void userService(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    protected static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    protected static String customer(UUID user) {
        return FORGE.draft(user, "customer").sign();
    }

    /** The token a verified vendor's owner gets after signing in again. */
    protected static String vendorToken(UUID user, UUID vendor) {
        return FORGE.draft(user, "customer", "vendor").claim("vendorId", vendor.toString()).sign();
    }

    /** A verified vendor and its owner's token. */
    protected record TestVendor(UUID id, UUID owner, String token) {
    }

    protected TestVendor verifiedVendor(String name) {
        UUID owner = UUID.randomUUID();
        String id = (String) http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody(name))
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        http.post().uri("/api/v1/vendors/{id}/verify", id).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk();
        return new TestVendor(UUID.fromString(id), owner, vendorToken(owner, UUID.fromString(id)));
    }

    protected static Map<String, Object> vendorBody(String name) {
        return Map.of("name", name, "contactEmail", "sales@" + name.toLowerCase().replaceAll("[^a-z]", "") + ".example",
                "contactPhone", "+1 555 0100", "businessName", name + " LLC", "businessType", "company", "taxId",
                "TAX-" + name.hashCode(), "address", Map.of("line1", "1 Main St", "city", "Springfield", "country", "US"));
    }

    protected UUID category(String name, UUID parent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (parent != null) {
            body.put("parentId", parent.toString());
        }
        return UUID.fromString((String) http.post().uri("/api/v1/categories").headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id"));
    }

    /** A valid product body, to adjust per test. */
    protected static Map<String, Object> product(String name, String sku, String price, UUID... categories) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("sku", sku);
        body.put("description", "A fine " + name.toLowerCase());
        body.put("status", "active");
        body.put("price", Map.of("amount", price, "currency", "USD"));
        body.put("categoryIds", List.of((Object[]) categories).stream().map(Object::toString).toList());
        body.put("tags", List.of("home"));
        body.put("images", List.of(Map.of("url", "https://img.example/" + sku + ".jpg", "altText", name)));
        return body;
    }

    /**
     * Creates a product and, when a vendor created it, has an admin approve it as created, as the
     * tests of everything after moderation need; ModerationIT submits without approving.
     */
    protected Map<String, Object> create(String token, Map<String, Object> body) {
        Map<String, Object> created = submit(token, body);
        return "pending_review".equals(created.get("moderation")) ? approve(created) : created;
    }

    /** Creates a product and leaves it as it comes out: a vendor's waits for review. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> submit(String token, Map<String, Object> body) {
        return http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    /** An admin's approval of the product at the version given. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> approve(Map<String, Object> product) {
        return http.post().uri("/api/v1/products/{id}/approve", product.get("id")).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("version", product.get("version")))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Uploads a CSV import; answers the job id when the expected status is 202. */
    protected String upload(String token, String csv, String vendorId, int status) {
        var response = importRequest(token, csv, vendorId).expectStatus().isEqualTo(status)
            .expectBody(Map.class).returnResult();
        return status == 202 ? (String) response.getResponseBody().get("id") : null;
    }

    /** Sends a CSV import as a browser would (multipart field {@code file}, admins' {@code vendorId}). */
    protected WebTestClient.ResponseSpec importRequest(String token, String csv, String vendorId) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "products.csv";
            }
        }).contentType(MediaType.parseMediaType("text/csv"));
        if (vendorId != null) {
            body.part("vendorId", vendorId);
        }
        return http.post().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(token))
            .body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    /** Polls an import until it is neither queued nor running. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> awaitDone(String token, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = http.get().uri("/api/v1/products/imports/{id}", id).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            if (!List.of("queued", "running").contains(job.get("status"))) {
                return job;
            }
            sleep(200);
        }
        throw new AssertionError("import " + id + " did not finish");
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What inventory-svc's outbox relay writes to its stream: the stock of a product, or of a
     * variant, by its id; announced, as the relays announce what they publish, so the consumer reads at once.
     */
    protected static void stockChanged(ReactiveStringRedisTemplate redis, String item, int available, Instant at) {
        String id = UUID.randomUUID().toString();
        String envelope = """
                {"id":"%s","type":"inventory.stock_changed","version":1,"occurredAt":"%s","source":"inventory-svc",\
                "subject":"%s","data":{"productId":"%s","available":%d,"inStock":%b}}"""
            .formatted(id, at, item, item, available, available > 0);
        redis.opsForStream().add(StreamRecords.mapBacked(Map.of("id", id, "type", "inventory.stock_changed",
                "envelope", envelope)).withStreamKey(EventStreams.INVENTORY))
            .then(redis.convertAndSend(EventStreams.APPENDED, EventStreams.INVENTORY))
            .block(Duration.ofSeconds(5));
    }
}
