package dev.agora.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.testsupport.EmbeddedRedis;
import dev.agora.testsupport.Ports;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-caller token buckets in a Redis of this test's own, which it stops to prove the gateway keeps
 * serving without it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.rate-limit.replenish-rate=1", "agora.rate-limit.burst-capacity=3", "agora.rate-limit.trusted-proxies=1" })
@AutoConfigureWebTestClient(timeout = "20s")
class RateLimitIT {

    static final TokenForge FORGE = TokenForge.newKey("rl-key");
    static final Upstream UPSTREAM = new Upstream(FORGE, Ports.free());
    static final EmbeddedRedis REDIS = EmbeddedRedis.start(0, null);

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", REDIS::url);
        for (String service : List.of("user", "product", "order", "payment", "inventory", "notification", "review",
                "analytics")) {
            registry.add("agora.services." + service + ".uri", UPSTREAM::uri);
        }
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        REDIS.close();
    }

    private List<Integer> burst(int count, String bearer, String forwardedFor) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var spec = http.get().uri("/api/v1/products");
            if (bearer != null) {
                spec = spec.headers(h -> h.setBearerAuth(bearer));
            }
            if (forwardedFor != null) {
                spec = spec.header("X-Forwarded-For", forwardedFor);
            }
            statuses.add(spec.exchange().returnResult(String.class).getStatus().value());
        }
        return statuses;
    }

    @Test
    void limitsEachUserSeparatelyWithA429ProblemAndRetryAfter() {
        String alice = FORGE.draft(UUID.randomUUID(), "customer").sign();
        String bob = FORGE.draft(UUID.randomUUID(), "customer").sign();
        // The bucket holds 3 and refills 1/s: a quick burst of 10 must see the first 3 pass and then 429s
        // (a slow machine may let a refilled token through in between, which is the limiter working too).
        List<Integer> statuses = burst(10, alice, null);
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses).contains(429);
        var limited = java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> http.get().uri("/api/v1/products").headers(h -> h.setBearerAuth(alice)).exchange()
                .returnResult(String.class))
            .filter(r -> r.getStatus().value() == 429)
            .findFirst().orElseThrow();
        assertThat(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(limited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(limited.getResponseBody().blockFirst(java.time.Duration.ofSeconds(5)))
            .contains("\"type\":\"https://agora.dev/problems/rate-limited\"");
        assertThat(burst(3, bob, null)).containsOnly(200);
    }

    @Test
    void limitsAnonymousClientsByTheAddressTheTrustedProxySaw() {
        // The ALB appends the address it saw; whatever the client put before it is ignored.
        assertThat(burst(3, null, "198.51.100.1, 203.0.113.10")).containsOnly(200);
        // A different forged first hop does not buy a new bucket: the ALB saw the same client.
        assertThat(burst(6, null, "198.51.100.2, 203.0.113.10")).contains(429);
        assertThat(burst(3, null, "203.0.113.11")).containsOnly(200);
    }

    @Test
    void keepsServingWhenRedisIsDownAndLimitsAgainWhenItIsBack() {
        String carol = FORGE.draft(UUID.randomUUID(), "customer").sign();
        REDIS.stop();
        try {
            assertThat(burst(10, carol, null)).containsOnly(200);
            http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
            http.get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .value(body -> assertThat(body).containsPattern("agora_ratelimit_bypassed_total\\{[^}]*\\} [1-9]"));
        }
        finally {
            REDIS.start();
        }
        List<Integer> after = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!after.contains(429) && System.currentTimeMillis() < deadline) {
            after.addAll(burst(5, carol, null));
        }
        assertThat(after).contains(429);
    }
}
