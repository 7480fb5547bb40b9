package dev.agora.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.Ports;
import dev.agora.testsupport.RawHttp;
import dev.agora.testsupport.TokenAttacks;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as a real server in front of real HTTP upstreams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores(postgres = false)
class GatewayIT {

    static final TokenForge FORGE = TokenForge.newKey("gw-key");
    static final Upstream USERS = new Upstream(FORGE, Ports.free());
    static final Upstream PRODUCTS = new Upstream(FORGE, Ports.free());
    /** Only the stop-and-recover test talks to it, so no other test holds connections to it. */
    static final Upstream REVIEWS = new Upstream(FORGE, Ports.free());

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::uri);
        registry.add("agora.services.product.uri", PRODUCTS::uri);
        registry.add("agora.services.review.uri", REVIEWS::uri);
        for (String down : List.of("order", "payment", "inventory", "notification", "analytics")) {
            int port = Ports.free();
            registry.add("agora.services." + down + ".uri", () -> "http://127.0.0.1:" + port);
        }
    }

    @AfterAll
    static void stopUpstreams() {
        USERS.close();
        PRODUCTS.close();
        REVIEWS.close();
    }

    private String token(UUID user, String... roles) {
        return FORGE.draft(user, roles).sign();
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> echoedHeaders(WebTestClient.ResponseSpec response) {
        return (Map<String, String>) response.expectStatus().isOk().expectBody(Map.class).returnResult()
            .getResponseBody().get("headers");
    }

    @Test
    void forwardsVerifiedIdentityAndReplacesSpoofedHeaders() {
        UUID user = UUID.randomUUID();
        var headers = echoedHeaders(http.get().uri("/api/v1/users/me")
            .headers(h -> h.setBearerAuth(token(user, "customer", "vendor")))
            .header("X-User-Id", UUID.randomUUID().toString())
            .header("X-User-Roles", "admin")
            .header("X-User-Vendor-Id", "spoofed")
            .exchange());
        assertThat(headers.get("x-user-id")).isEqualTo(user.toString());
        assertThat(headers.get("x-user-roles")).isEqualTo("customer,vendor");
        assertThat(headers).doesNotContainKey("x-user-vendor-id");
        assertThat(headers.get("authorization")).startsWith("Bearer ");
        assertThat(headers.get("x-request-id")).isNotBlank();
    }

    @Test
    void answersWithTheRequestIdOnceThoughTheServiceEchoesIt() {
        var sent = http.get().uri("/api/v1/products?q=lamp").header("X-Request-Id", "client-chosen-id-1").exchange()
            .expectStatus().isOk().returnResult(String.class);
        assertThat(sent.getResponseHeaders().get("X-Request-Id")).containsExactly("client-chosen-id-1");

        var made = http.get().uri("/api/v1/products?q=lamp").exchange().expectStatus().isOk().returnResult(String.class);
        assertThat(made.getResponseHeaders().get("X-Request-Id")).singleElement().asString().isNotBlank();
    }

    @Test
    void publicEndpointsNeedNoTokenAndNeverCarryClientIdentityHeaders() {
        var headers = echoedHeaders(http.get().uri("/api/v1/products?q=lamp").header("X-User-Id", "forged").exchange());
        assertThat(headers).doesNotContainKeys("x-user-id", "x-user-roles", "authorization");
        http.post().uri("/api/v1/products").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
            .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void protectedEndpointsWithoutATokenGet401BeforeReachingTheService() {
        int before = USERS.hits();
        http.get().uri("/api/v1/users/me").exchange().expectStatus().isUnauthorized()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"agora\"")
            .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.requestId").exists();
        assertThat(USERS.hits()).isEqualTo(before);
    }

    @Test
    void signInEndpointsNeverSeeCredentials() {
        var headers = echoedHeaders(http.post().uri("/api/v1/auth/login")
            .header(HttpHeaders.AUTHORIZATION, "Bearer stale.or.garbage")
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange());
        assertThat(headers).doesNotContainKey("authorization");
    }

    @Test
    void refusesEveryForgedOrBrokenToken() {
        UUID user = UUID.randomUUID();
        try (TokenAttacks.Lure lure = new TokenAttacks.Lure()) {
            List<String> accepted = new ArrayList<>();
            int before = USERS.hits();
            TokenAttacks.against(FORGE, user, "rt_" + "a".repeat(43), lure.url()).forEach((name, token) -> {
                int status = http.get().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().returnResult(String.class).getStatus().value();
                if (status != 401) {
                    accepted.add(name + " -> " + status);
                }
            });
            assertThat(accepted).as("attacks not answered with 401").isEmpty();
            assertThat(USERS.hits()).as("forged requests that reached the service").isEqualTo(before);
            assertThat(lure.hits()).isZero();
        }
    }

    @Test
    void internalAndManagementPathsAreNotReachable() {
        String admin = token(UUID.randomUUID(), "admin");
        for (String path : List.of("/internal/oauth/token", "/.well-known/jwks.json", "/actuator/env",
                "/actuator/gateway/routes", "/actuator/gateway/globalfilters", "/actuator/beans", "/v3/api-docs")) {
            http.get().uri(path).headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.post().uri("/internal/oauth/token").exchange().expectStatus().isNotFound();
        for (String sneaky : List.of("/api/v1/users/%2e%2e/%2e%2e/internal/oauth/token", "/api/v1/users/..%2f..%2finternal",
                "/api/v1/products;jsessionid=1", "/api/v1//users/me")) {
            http.get().uri(java.net.URI.create("http://127.0.0.1:" + port + sneaky)).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isBadRequest();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void proxiedCallsAndTheGatewaysOwnCallsAreMeasuredUnderTheirOwnNames(CapturedOutput output) {
        http.get().uri("/api/v1/products").exchange().expectStatus().isOk();
        // An authenticated request: the gateway fetches the signing keys from user-svc with its own client.
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(token(UUID.randomUUID(), "customer")))
            .exchange().expectStatus().isOk();
        // A proxied call's timer stops just after its answer reached the client.
        String metrics = "";
        for (int tries = 0; tries < 50 && !metrics.contains("gateway_upstream_requests_seconds_count"); tries++) {
            sleep(100);
            metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        }
        assertThat(metrics.lines().filter(line -> line.startsWith("gateway_upstream_requests_seconds_count")))
            .anyMatch(line -> line.contains("spring_cloud_gateway_route_id=\"product-svc\""));
        assertThat(metrics.lines().filter(line -> line.startsWith("http_client_requests_seconds_count")))
            .isNotEmpty().allMatch(line -> line.contains("client_name=") && !line.contains("spring_cloud_gateway_route_id"));
        assertThat(output.getAll()).doesNotContain("registration has failed");
    }

    @Test
    void ownActuatorShowsHealthAndRouteMetricsOnly() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/api/v1/products").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
            .value(body -> assertThat(body).contains("spring_cloud_gateway_requests_seconds", "routeId=\"product-svc\"",
                    "application=\"gateway\""));
        http.get().uri("/actuator/info").exchange().expectStatus().isNotFound();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aChunkedBodyThatIsNotValidChunkingIsA400AndNoServerError(CapturedOutput output) throws Exception {
        double serverErrorsBefore = serverErrors();
        String answer;
        try (RawHttp connection = new RawHttp(port, 10_000)) {
            connection.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
            answer = connection.readToClose();
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
        // The gateway's own answer to it, which came too late, is neither a 5xx in its metrics nor an error in its log.
        sleep(500);
        assertThat(serverErrors()).isEqualTo(serverErrorsBefore);
        assertThat(output.getAll()).doesNotContain("failed with 500", "already sent");
    }

    /** The gateway's requests answered with a 5xx so far, as the availability SLO counts them. */
    private double serverErrors() {
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
            .returnResult().getResponseBody();
        return metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count") && line.contains("status=\"5"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void servicesThatDoNotRunAnswerAFast503Problem() {
        long start = System.nanoTime();
        http.get().uri("/api/v1/orders").headers(h -> h.setBearerAuth(token(UUID.randomUUID(), "customer")))
            .exchange().expectStatus().isEqualTo(503)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Service unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aStoppedServiceGives503AndRecoversWhenItReturns() {
        REVIEWS.stop();
        try {
            for (int i = 0; i < 12; i++) {
                http.get().uri("/api/v1/reviews/product/1").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
        finally {
            REVIEWS.start();
        }
        // The breaker may be open for a while; recovery must come without restarting the gateway.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = http.get().uri("/api/v1/reviews/product/1").exchange().returnResult(String.class).getStatus().value();
            if (status != 200) {
                sleep(250);
            }
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void aSlowServiceGives504() {
        long start = System.nanoTime();
        http.get().uri("/api/v1/users/slow").headers(h -> h.setBearerAuth(token(UUID.randomUUID(), "customer")))
            .exchange().expectStatus().isEqualTo(504)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void corsAllowsTheFrontendOnly() {
        http.options().uri("/api/v1/products").header(HttpHeaders.ORIGIN, "http://localhost:5173")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization,Content-Type")
            .exchange().expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173");
        http.options().uri("/api/v1/products").header(HttpHeaders.ORIGIN, "https://evil.example")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .exchange().expectStatus().isForbidden();
    }

    @Test
    void addsSecurityHeaders() {
        http.get().uri("/api/v1/products").exchange().expectStatus().isOk()
            .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader().valueEquals("X-Frame-Options", "DENY")
            .expectHeader().exists("Strict-Transport-Security")
            .expectHeader().exists("Content-Security-Policy");
    }

    @Test
    void oversizedHeadersGetA431Problem() {
        // A connection of its own: the server gives up on a connection whose headers it could not
        // decode, and a pooled one reused by the next test once hung it until its timeout (CI).
        WebTestClient isolated = http.mutate()
            .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                    reactor.netty.http.client.HttpClient.newConnection()))
            .build();
        isolated.get().uri("/api/v1/products").header("X-Padding", "p".repeat(17 * 1024))
            .exchange().expectStatus().isEqualTo(431)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/request-header-fields-too-large");
    }

    @Test
    void unknownRoutesAre404Problems() {
        http.get().uri("/api/v1/nothing").exchange().expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void answersTheNextRequestAfterALocalAnswerThatWaitedBehindAProxiedOne() throws Exception {
        // A request that arrives while the previous one on its connection is still finishing waits in
        // a queue; Reactor Netty before 1.3.8 stopped reading the connection once such a waiting
        // request was answered at once (a gateway-local 404), so the request after it hung
        // (reactor-netty#4361). Pipelining makes the wait certain; CI met it by a race.
        try (RawHttp connection = new RawHttp(port, 5_000)) {
            for (int round = 0; round < 3; round++) {
                connection.send(RawHttp.get("/api/v1/products?q=lamp"), RawHttp.get("/internal/oauth/token"));
                assertThat(connection.readStatus()).isEqualTo(200);
                assertThat(connection.readStatus()).isEqualTo(404);
                connection.send(RawHttp.get("/actuator/env"));
                assertThat(connection.readStatus()).as("the request after the waiting one").isEqualTo(404);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
