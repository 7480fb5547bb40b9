package dev.agora.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

import dev.agora.defaults.Digests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forgotten passwords: the link's token travels in {@code user.password_reset_requested} (read here
 * from the stream, as notification-svc reads it) and works once, for 30 minutes.
 */
class PasswordResetIT extends UserServiceTestBase {

    private static final String PASSWORD = "violet kayak under the bridge";
    private static final String NEW_PASSWORD = "seven herons fold the map";
    private static final String INVALID = "https://agora.dev/problems/invalid-reset-token";
    private static final String RESET_REQUESTED = "user.password_reset_requested";

    @Autowired
    DatabaseClient db;

    @Test
    void aResetLinkSetsANewPasswordOnceAndEndsEverySessionOfTheAccount() {
        String email = email();
        var phone = signup(email, PASSWORD);
        var laptop = login(email, PASSWORD);
        String userId = (String) ((Map<?, ?>) phone.get("user")).get("id");

        forgot(email.toUpperCase());
        JsonNode event = awaitResetEvent(email);
        assertThat(event.path("subject").asString()).isEqualTo(userId);
        String token = event.path("data").path("token").asString();
        assertThat(token).startsWith("pr_").hasSizeGreaterThan(40);
        assertThat(storedHashes(token)).as("the token's SHA-256 is what is stored").isEqualTo(1);

        // A weak password is refused and leaves the link working.
        reset(token, "password1234").expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        reset(token, NEW_PASSWORD).expectStatus().isNoContent();

        for (var session : List.of(phone, laptop)) {
            http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) session.get("accessToken")))
                .exchange().expectStatus().isUnauthorized();
            http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", session.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
        }
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange().expectStatus().isUnauthorized();
        login(email, NEW_PASSWORD);

        reset(token, "another fine long passphrase").expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo(INVALID);
        login(email, NEW_PASSWORD);
    }

    @Test
    void usingOneLinkSpendsTheOthersStillInTheMailbox() {
        String email = email();
        signup(email, PASSWORD);
        forgot(email);
        String first = awaitResetEvent(email).path("data").path("token").asString();
        forgot(email);
        String second = awaitResetEvents(email, 2).get(1).path("data").path("token").asString();

        reset(second, NEW_PASSWORD).expectStatus().isNoContent();
        reset(first, "another fine long passphrase").expectStatus().isBadRequest()
            .expectBody().jsonPath("$.type").isEqualTo(INVALID);
        login(email, NEW_PASSWORD);
    }

    @Test
    void anExpiredLinkDoesNotWork() {
        String email = email();
        signup(email, PASSWORD);
        forgot(email);
        String token = awaitResetEvent(email).path("data").path("token").asString();
        db.sql("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = :hash")
            .bind("hash", Digests.sha256(token)).then().block(Duration.ofSeconds(5));

        reset(token, NEW_PASSWORD).expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo(INVALID);
        login(email, PASSWORD);
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAfterTheSameWaitAndNothingIsSent() {
        String known = email();
        signup(known, PASSWORD);
        String unknown = email();

        long unknownMillis = timed(() -> forgot(unknown));
        long knownMillis = timed(() -> forgot(known));
        // The relay publishes in order: once the known address's event is out, the other would be too.
        awaitResetEvent(known);

        assertThat(resetEvents(unknown)).isEmpty();
        // Both wait out the same floor (agora.users.password-reset.answer-after, 400 ms), so the
        // answer's timing does not say whether the address has an account.
        assertThat(unknownMillis).isGreaterThanOrEqualTo(400);
        assertThat(knownMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aFourthRequestWithinTheHourSendsNothing() {
        String email = email();
        signup(email, PASSWORD);
        for (int i = 0; i < 4; i++) {
            forgot(email);
        }
        awaitResetEvents(email, 3);
        Long stored = db.sql("SELECT count(*) AS n FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = :e")
            .bind("e", email).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(stored).isEqualTo(3);
        assertThat(resetEvents(email)).hasSize(3);
    }

    @Test
    void concurrentResetsWithOneLinkLetExactlyOneThrough() throws Exception {
        String email = email();
        signup(email, PASSWORD);
        forgot(email);
        String token = awaitResetEvent(email).path("data").path("token").asString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String password = NEW_PASSWORD + " number " + i;
            attempts.add(() -> reset(token, password).returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(204, 400);
        assertThat(statuses).filteredOn(s -> s == 204).hasSize(1);
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        for (String body : List.of("{}", "{\"email\":\"\"}", "{\"email\":\"not-an-address\"}", "{\"email\":42}",
                "{\"email\":\"a@example.com\",\"roles\":[\"admin\"]}", "[]", "nonsense")) {
            http.post().uri("/api/v1/auth/password/forgot").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        for (String body : List.of("{}", "{\"token\":\"pr_x\"}", "{\"password\":\"" + NEW_PASSWORD + "\"}",
                "{\"token\":\"\",\"password\":\"" + NEW_PASSWORD + "\"}",
                "{\"token\":\"" + "x".repeat(101) + "\",\"password\":\"" + NEW_PASSWORD + "\"}")) {
            http.post().uri("/api/v1/auth/password/reset").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/validation-error");
        }
        reset("pr_made-up-token", NEW_PASSWORD).expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo(INVALID);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theTokenIsNeverLogged(CapturedOutput output) {
        String email = email();
        signup(email, PASSWORD);
        forgot(email);
        String token = awaitResetEvent(email).path("data").path("token").asString();
        reset(token, "x").expectStatus().isBadRequest();
        reset(token, NEW_PASSWORD).expectStatus().isNoContent();
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(3));
    }

    private void forgot(String email) {
        http.post().uri("/api/v1/auth/password/forgot").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email)).exchange().expectStatus().isAccepted().expectBody().isEmpty();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec reset(String token, String password) {
        return http.post().uri("/api/v1/auth/password/reset").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("token", token, "password", password)).exchange();
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private Long storedHashes(String token) {
        return db.sql("SELECT count(*) AS n FROM password_resets WHERE token_hash = :hash AND octet_length(token_hash) = 32")
            .bind("hash", Digests.sha256(token)).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private JsonNode awaitResetEvent(String email) {
        return awaitResetEvents(email, 1).getFirst();
    }

    private List<JsonNode> awaitResetEvents(String email, int count) {
        return awaitUserEvents(RESET_REQUESTED, email, count);
    }

    private List<JsonNode> resetEvents(String email) {
        return userEvents(RESET_REQUESTED, email);
    }
}
