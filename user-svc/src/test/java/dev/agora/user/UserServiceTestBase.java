package dev.agora.user;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-svc as a real server on a random port, with real PostgreSQL and Redis, signing with a key
 * the tests also hold (so they can forge tokens that differ from valid ones in one detail only).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.users.bootstrap-admin.email=root@agora.test",
        "agora.users.bootstrap-admin.password=" + UserServiceTestBase.ADMIN_PASSWORD,
        "agora.auth.clients[0].id=order-svc",
        // sha256("order-svc-secret-0123456789abcdef0123456789")
        "agora.auth.clients[0].secret-sha256=" + UserServiceTestBase.CLIENT_SECRET_SHA256,
        "agora.auth.clients[1].id=product-svc",
        "agora.auth.clients[1].secret-sha256=" + UserServiceTestBase.PRODUCT_CLIENT_SECRET_SHA256 })
@AutoConfigureWebTestClient
@AgoraDatastores
public abstract class UserServiceTestBase {

    static final String ADMIN_PASSWORD = "quiet orchid ledger 42";
    static final String CLIENT_SECRET = "order-svc-secret-0123456789abcdef0123456789";
    static final String CLIENT_SECRET_SHA256 = "54e91be1ad3701527f4b133ba2de50c4f27f195023ba0e68772f9c7474e7328b";
    static final String PRODUCT_CLIENT_SECRET = "product-svc-secret-0123456789abcdef012345678";
    static final String PRODUCT_CLIENT_SECRET_SHA256 = "19a2685520460d031c82007ef4d3c2e6edad85c560f906c8a2d9a56e733f6bae";

    /** A service token as user-svc issues it to a client, with that client's scopes. */
    protected String serviceToken(String clientId, String secret) {
        return (String) http.post().uri("/internal/oauth/token")
            .headers(h -> h.setBasicAuth(clientId, secret))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
            .exchange().expectStatus().isOk().expectBody(java.util.Map.class).returnResult().getResponseBody()
            .get("access_token");
    }
    static final TokenForge FORGE = TokenForge.newKey("test-key-1");

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("agora.auth.keys[0].id", FORGE::kid);
        registry.add("agora.auth.keys[0].private-key", FORGE::privateKeyPem);
        registry.add("agora.auth.active-key-id", FORGE::kid);
    }

    @BeforeEach
    void longerTimeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** A fresh unique email. */
    protected static String email() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs up and returns the response body. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> signup(String email, String password) {
        return http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Test User", "email", email, "password", password))
            .exchange().expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> login(String email, String password) {
        return http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", password))
            .exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
    }

    protected String adminToken() {
        return (String) login("root@agora.test", ADMIN_PASSWORD).get("accessToken");
    }

    /** The envelopes of {@code type} events about {@code email} on the users stream, oldest first. */
    protected List<JsonNode> userEvents(String type, String email) {
        JsonMapper json = JsonMapper.builder().build();
        return redis.opsForStream().read(StreamOffset.fromStart("agora:events:users"))
            .filter(r -> type.equals(r.getValue().get("type")))
            .map(r -> json.readTree(r.getValue().get("envelope").toString()))
            .filter(envelope -> envelope.path("data").path("email").asString().equalsIgnoreCase(email))
            .collectList()
            .block(Duration.ofSeconds(5));
    }

    /** At least {@code count} such events, once the outbox relay has published them (15 s at most). */
    protected List<JsonNode> awaitUserEvents(String type, String email, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> events = userEvents(type, email);
        while (events.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            events = userEvents(type, email);
        }
        assertThat(events).as("%s events for %s", type, email).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }
}
