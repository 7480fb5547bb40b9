package dev.agora.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StubServer;
import dev.agora.testsupport.TokenForge;

/**
 * inventory-svc on a random port over real PostgreSQL and Redis, with stand-ins for user-svc
 * (keys, service tokens) and product-svc (who sells what; 404 for unknown products, 401 without a
 * service token).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=inventory-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.outbox.poll-interval=50ms" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
@Import(SqlStatements.class)
public abstract class InventoryTestBase {

    static final TokenForge FORGE = TokenForge.newKey("inventory-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);
    static final StubServer CATALOG = new StubServer();

    @Autowired
    protected WebTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.product.uri", CATALOG::url);
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    protected static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static String customer() {
        return FORGE.draft(UUID.randomUUID(), "customer").sign();
    }

    protected static String service() {
        return FORGE.service();
    }

    static String vendor(UUID vendorId) {
        return FORGE.draft(UUID.randomUUID(), "customer", "vendor").claim("vendorId", vendorId.toString()).sign();
    }

    /** Registers with the product-svc stand-in an active product sold by {@code vendor}; returns its id. */
    static UUID product(UUID vendor) {
        UUID id = UUID.randomUUID();
        stockItem(id, id, vendor, false);
        return id;
    }

    /** Registers with the product-svc stand-in what product-svc tells of a stock id: a product or a variant of one. */
    static void stockItem(UUID id, UUID productId, UUID vendor, boolean hasVariants) {
        CATALOG.on("GET", "/internal/stock-items/" + id, 200, """
                {"id":"%s","productId":"%s","vendorId":"%s","status":"active","hasVariants":%b}"""
            .formatted(id, productId, vendor, hasVariants));
    }

    /** A product of a new vendor with {@code onHand} units; returns the product id. */
    protected UUID stocked(int onHand) {
        UUID product = product(UUID.randomUUID());
        setStock(admin(), product, onHand).expectStatus().isOk();
        return product;
    }

    WebTestClient.ResponseSpec setStock(String token, UUID product, int onHand) {
        return http.put().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("onHand", onHand, "reason", "count"))
            .exchange();
    }

    protected WebTestClient.ResponseSpec reserve(UUID order, Map<UUID, Integer> lines) {
        return http.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("orderId", order, "items", lines.entrySet().stream()
                .map(e -> Map.of("productId", e.getKey(), "quantity", e.getValue())).toList()))
            .exchange();
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> stock(UUID product) {
        return http.get().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
