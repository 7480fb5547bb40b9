package dev.agora.user;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A request refused before its body was read (here 403: the role check comes first) must get its
 * answer and leave its keep-alive connection usable. With the connection closed after such an
 * answer (this filter's earlier remedy) the refused request itself went unanswered now and then:
 * Reactor Netty's client waits forever when the connection closes while it still sends
 * (spring-boot#44983), which is also our gateway's client. {@code UnreadBodyFilter} now reads a body
 * within the limit whole before anything decides, so the connection stays clean and keeps alive.
 * The second test also needs test-support's {@code UnpooledWebTestClient}: tests that check only
 * a status leave responses unread, and the shared pool then ran dry (the CI hang of 2026-11-29).
 */
class UnreadBodyIT extends UserServiceTestBase {

    @Value("${local.server.port}")
    int port;

    /** A client whose every request takes the pool's one connection: a broken connection shows. */
    private WebTestClient overOneConnection(ConnectionProvider single) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(single)))
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(5))
            .build();
    }

    @Test
    void aConnectionServesTheNextRequestAfterABodyWasRefusedUnread() {
        var single = ConnectionProvider.builder("single").maxConnections(1).build();
        try {
            WebTestClient client = overOneConnection(single);
            var user = signup(email(), "a long enough passphrase");
            String token = (String) user.get("accessToken");
            String id = (String) ((Map<?, ?>) user.get("user")).get("id");
            String large = "customer,".repeat(2000);
            for (int round = 0; round < 40; round++) {
                client.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", large))
                    .exchange().expectStatus().isForbidden()
                    // A pooled connection goes back to the pool only once its response was read.
                    .expectBody().jsonPath("$.status").isEqualTo(403);
                client.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.status").isEqualTo(403);
            }
        }
        finally {
            single.dispose();
        }
    }

    @Test
    void aSmallBodyRefusedUnreadGetsItsAnswerEveryTime() {
        WebTestClient client = http.mutate().responseTimeout(Duration.ofSeconds(5)).build();
        var user = signup(email(), "a long enough passphrase");
        String token = (String) user.get("accessToken");
        String id = (String) ((Map<?, ?>) user.get("user")).get("id");
        String admin = adminToken();
        for (int round = 0; round < 200; round++) {
            client.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("customer", "vendor")))
                .exchange().expectStatus().isOk();
            client.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isForbidden();
            client.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\": \"not a list\"}")
                .exchange().expectStatus().isForbidden()
                .expectHeader().doesNotExist("Connection");
        }
    }

    @Test
    void aMultipartUploadRefusedUnreadLeavesTheConnectionUsable() {
        var single = ConnectionProvider.builder("single-multipart").maxConnections(1).build();
        try {
            WebTestClient client = overOneConnection(single);
            var user = signup(email(), "a long enough passphrase");
            String token = (String) user.get("accessToken");
            String id = (String) ((Map<?, ?>) user.get("user")).get("id");
            var parts = new MultipartBodyBuilder();
            // Large enough that the client is still sending when the refusal is decided.
            parts.part("file", "sku,name\n".repeat(40_000).getBytes(StandardCharsets.UTF_8))
                .filename("catalogue.csv").contentType(MediaType.TEXT_PLAIN);
            var body = parts.build();
            for (int round = 0; round < 20; round++) {
                client.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(body)
                    .exchange().expectStatus().isForbidden()
                    .expectHeader().doesNotExist("Connection")
                    .expectBody().jsonPath("$.status").isEqualTo(403);
            }
        }
        finally {
            single.dispose();
        }
    }
}
