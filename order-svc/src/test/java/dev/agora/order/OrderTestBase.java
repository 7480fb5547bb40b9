package dev.agora.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.EventStreams;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StreamEvents;
import dev.agora.testsupport.StubServer;
import dev.agora.testsupport.TokenForge;

import static org.awaitility.Awaitility.await;

/**
 * order-svc on a random port over real PostgreSQL and Redis, with stand-ins for product-svc,
 * inventory-svc and payment-svc whose answers each test scripts, and short saga timings so that
 * retries and recovery show within a test. The stand-ins are shared by every test class, as the
 * application context is, and live as long as the test JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=order-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.service-client.response-timeout=1s", "agora.orders.checkout-wait=4s",
        "agora.orders.saga-retry-delay=100ms", "agora.orders.saga-retry-max-delay=300ms",
        "agora.orders.saga-lease=2s", "agora.orders.recovery-interval=200ms", "agora.events.poll-interval=100ms" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
@Import(SqlStatements.class)
abstract class OrderTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    static final TokenForge FORGE = TokenForge.newKey("order-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);
    static final StubServer PRODUCTS = new StubServer();
    static final StubServer INVENTORY = new StubServer();
    static final StubServer PAYMENTS = new StubServer();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROBLEMS = "https://agora.dev/problems/";

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.product.uri", PRODUCTS::url);
        registry.add("agora.services.inventory.uri", INVENTORY::url);
        registry.add("agora.services.payment.uri", PAYMENTS::url);
    }

    /** Every callee agrees unless a test scripts otherwise. */
    @BeforeEach
    void agreeableCallees() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
        PRODUCTS.reset();
        INVENTORY.reset()
            .on("POST", "/internal/reservations", 201, "{\"status\":\"held\"}")
            .on("POST", "/internal/reservations/*/commit", 200, "{\"status\":\"committed\"}")
            .on("POST", "/internal/reservations/*/release", 200, "{\"status\":\"released\"}");
        PAYMENTS.reset()
            .on("GET", "/internal/payment-methods/pm_card_visa", 200, "{\"token\":\"pm_card_visa\",\"brand\":\"visa\",\"last4\":\"4242\"}")
            .on("GET", "/internal/payment-methods/pm_card_declined", 200, "{\"token\":\"pm_card_declined\",\"brand\":\"visa\",\"last4\":\"0002\"}")
            .on("POST", "/api/v1/payments/*/refunds", 201, "{\"status\":\"succeeded\"}");
    }

    /** A product of {@link #VENDOR} for sale at {@code price} USD. */
    UUID product(String price) {
        return product(price, VENDOR);
    }

    /** A product of {@code vendor} for sale at {@code price} USD. */
    UUID product(String price, UUID vendor) {
        UUID id = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/products/" + id, 200, """
                {"id":"%s","vendorId":"%s","name":"Lamp","sku":"LAMP-1","status":"active",
                 "price":{"amount":"%s","currency":"USD"},"purchasable":true}""".formatted(id, vendor, price));
        return id;
    }

    static final UUID VENDOR = UUID.randomUUID();

    static StubServer.Answer payment(UUID id, String status) {
        return new StubServer.Answer(201, "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}");
    }

    static StubServer.Answer payments(UUID id, String status) {
        return new StubServer.Answer(200, "[{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}]");
    }

    static StubServer.Answer problem(int status, String slug) {
        return new StubServer.Answer(status, """
                {"type":"%s%s","title":"Refused","status":%d,"detail":"refused by the stand-in"}""".formatted(PROBLEMS, slug,
                status));
    }

    static String customer(UUID id) {
        return FORGE.draft(id, "customer").sign();
    }

    static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static String vendor() {
        return vendor(VENDOR);
    }

    static String vendor(UUID vendorId) {
        return FORGE.draft(UUID.randomUUID(), "vendor").claim("vendorId", vendorId.toString()).sign();
    }

    static String order(UUID product, int quantity, String method) {
        return JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId", product, "quantity", quantity)),
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB"),
                "paymentMethod", method));
    }

    WebTestClient.ResponseSpec checkout(String token, String body) {
        return http.post().uri("/api/v1/orders").headers(h -> {
            h.setBearerAuth(token);
            h.set("Idempotency-Key", UUID.randomUUID().toString());
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    JsonNode placed(String token, String body, int status) {
        String text = checkout(token, body).expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
            .getResponseBody();
        return JSON.readTree(text);
    }

    /**
     * Places an order and waits for the saga's decision: a step that must be retried answers 202
     * with the order PENDING, and recovery finishes it in the background.
     */
    JsonNode decided(String token, String body) {
        String text = checkout(token, body).expectStatus().value(status -> org.assertj.core.api.Assertions.assertThat(status)
            .isIn(201, 202)).expectBody(String.class).returnResult().getResponseBody();
        JsonNode first = JSON.readTree(text);
        String id = first.path("id").asString();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .until(() -> !"PENDING".equals(get(token, "/api/v1/orders/{id}", id).path("status").asString()));
        return get(token, "/api/v1/orders/{id}", id);
    }

    JsonNode get(String token, String uri, Object... variables) {
        return JSON.readTree(http.get().uri(uri, variables).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** Waits until the order reaches {@code status} (the saga runs in the background) and answers it. */
    JsonNode awaitStatus(String token, String orderId, String status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .until(() -> status.equals(get(token, "/api/v1/orders/{id}", orderId).path("status").asString()));
        return get(token, "/api/v1/orders/{id}", orderId);
    }

    /** payment-svc says the order's payment was refunded: {@code total} so far, and whether that is all of it. */
    void refunded(String orderId, UUID paymentId, String total, boolean full) {
        Map<String, Object> data = Map.of("paymentId", paymentId, "refundId", UUID.randomUUID(), "orderId", orderId,
                "amount", Map.of("amount", total, "currency", "USD"), "totalRefunded",
                Map.of("amount", total, "currency", "USD"), "fullyRefunded", full, "reason", "damaged in transit");
        redis.opsForStream()
            .add(StreamRecords.mapBacked(StreamEvents.entry(UUID.randomUUID(), "payment.refunded", Instant.now(),
                    paymentId.toString(), data)).withStreamKey("agora:events:payments"))
            .block(Duration.ofSeconds(5));
    }

    static long count(StubServer server, String method, String pathPart) {
        return server.calls().stream().filter(c -> c.startsWith(method + " ") && c.contains(pathPart)).count();
    }

    /** The response's body as JSON. */
    static JsonNode body(WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
    }

    static int status(WebTestClient.ResponseSpec response) {
        return response.returnResult(String.class).getStatus().value();
    }

    /** The vendor's part of an order as the API shows it. */
    static JsonNode part(JsonNode order, UUID vendor) {
        for (JsonNode part : order.path("fulfilments")) {
            if (part.path("vendorId").asString().equals(vendor.toString())) {
                return part;
            }
        }
        throw new AssertionError("no part of vendor " + vendor + " in " + order);
    }

    /** The order ids on a page, each once. */
    static List<String> ids(JsonNode page) {
        return page.path("items").findValuesAsString("id").stream().distinct().toList();
    }

    /** The envelopes of the order's events on the orders stream, oldest first. */
    List<JsonNode> events(String orderId) {
        return redis.opsForStream().range(EventStreams.ORDERS, Range.unbounded()).collectList().block(Duration.ofSeconds(5))
            .stream().map(entry -> JSON.readTree(String.valueOf(entry.getValue().get("envelope"))))
            .filter(envelope -> envelope.path("subject").asString().equals(orderId))
            .toList();
    }
}
