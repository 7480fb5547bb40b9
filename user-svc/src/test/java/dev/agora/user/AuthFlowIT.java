package dev.agora.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signup, login, refresh rotation and reuse detection, logout, throttling.
 */
class AuthFlowIT extends UserServiceTestBase {

    private static final String PASSWORD = "violet kayak under the bridge";

    @Test
    void signupCreatesCustomerWithTokensAndNeverReturnsTheHash() {
        String email = email();
        var body = signup("  " + email.toUpperCase() + " ", PASSWORD);
        @SuppressWarnings("unchecked")
        var user = (Map<String, Object>) body.get("user");
        assertThat(user.get("email")).isEqualTo(email);
        assertThat(user.get("roles")).isEqualTo(List.of("customer"));
        assertThat(user).doesNotContainKeys("password", "passwordHash");
        assertThat(body.toString()).doesNotContain("argon2");
        assertThat(body.get("tokenType")).isEqualTo("Bearer");
        assertThat(body.get("expiresIn")).isEqualTo(900);
        assertThat((String) body.get("refreshToken")).startsWith("rt_").hasSizeGreaterThanOrEqualTo(46);

        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) body.get("accessToken")))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo(email);
    }

    @Test
    void signupPublishesUserRegisteredThroughTheOutbox() {
        String email = email();
        String id = (String) ((Map<?, ?>) signup(email, PASSWORD).get("user")).get("id");
        var records = Mono.defer(() -> redis.opsForStream().read(StreamOffset.fromStart("agora:events:users"))
                .filter(r -> r.getValue().get("envelope").toString().contains(id))
                .next())
            .repeatWhenEmpty(50, f -> f.delayElements(Duration.ofMillis(100)))
            .block(Duration.ofSeconds(10));
        assertThat(records).isNotNull();
        assertThat(records.getValue().get("type")).isEqualTo("user.registered");
        JsonNode envelope = JsonMapper.builder().build().readTree(records.getValue().get("envelope").toString());
        assertThat(envelope.path("type").asString()).isEqualTo("user.registered");
        assertThat(envelope.path("source").asString()).isEqualTo("user-svc");
        assertThat(envelope.path("subject").asString()).isEqualTo(id);
        assertThat(envelope.path("version").asInt()).isEqualTo(1);
        assertThat(envelope.path("id").asString()).isEqualTo(records.getValue().get("id"));
        assertThat(envelope.path("data").path("email").asString()).isEqualTo(email);
    }

    @Test
    void duplicateEmailIsAConflictWhateverItsCase() {
        String email = email();
        signup(email, PASSWORD);
        http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Other", "email", email.toUpperCase(), "password", PASSWORD))
            .exchange().expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.status").isEqualTo(409);
    }

    @Test
    void passwordPolicyRefusesShortLongAndCommonPasswords() {
        for (String bad : List.of("short-pw", "x".repeat(129), "unbelievable", "Contortionist", "SCANDINAVIAN")) {
            http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "N", "email", email(), "password", bad))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        }
    }

    @Test
    void passwordsThatAreEasyToGuessAreRefusedWithTheReason() {
        for (String guessable : List.of("password1234", "correct horse battery staple", "aaaaaaaaaaaaaaaa",
                "qwertyuiop123456")) {
            http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "N", "email", email(), "password", guessable))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("password")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).startsWith("is too easy to guess: "));
        }
    }

    @Test
    void aPasswordMadeOfTheUsersOwnNameAndEmailIsRefused() {
        String email = "ada.lovelace." + UUID.randomUUID().toString().substring(0, 8) + "@analytical.example";
        // Strong enough for a stranger, weak for someone who knows whose account it is.
        http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Ada Lovelace", "email", email, "password", "ada lovelace analytical"))
            .exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Grace Hopper", "email", email(), "password", "ada lovelace analytical"))
            .exchange().expectStatus().isCreated();
        // The same rules when the password is changed, and nothing else of the request is written.
        var session = signup(email, PASSWORD);
        String access = (String) session.get("accessToken");
        http.patch().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(access)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("currentPassword", PASSWORD, "newPassword", "password1234", "name", "Someone Else"))
            .exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("newPassword");
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(access)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.name").value(n -> assertThat((String) n).isNotEqualTo("Someone Else"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSameAnswer() {
        String email = email();
        signup(email, PASSWORD);
        var wrong = http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "not the password at all"))
            .exchange().expectStatus().isUnauthorized().expectBody(Map.class).returnResult().getResponseBody();
        var unknown = http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email(), "password", "not the password at all"))
            .exchange().expectStatus().isUnauthorized().expectBody(Map.class).returnResult().getResponseBody();
        // Each request has its own request and trace ids; everything else must be the same.
        assertThat(wrong).containsKeys("requestId", "traceId");
        assertThat(unknown).containsKeys("requestId", "traceId");
        wrong.keySet().removeAll(java.util.Set.of("requestId", "traceId"));
        unknown.keySet().removeAll(java.util.Set.of("requestId", "traceId"));
        assertThat(wrong).isEqualTo(unknown);
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        String email = email();
        signup(email, PASSWORD);
        for (int i = 0; i < 5; i++) {
            http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "wrong password " + i))
                .exchange().expectStatus().isUnauthorized();
        }
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .header("X-Forwarded-For", "203.0.113.9")
            .bodyValue(Map.of("email", email, "password", PASSWORD))
            .exchange().expectStatus().isEqualTo(429)
            .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isBetween(850L, 901L))
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/too-many-login-attempts");
    }

    @Test
    void concurrentGuessesCannotExceedTheLimit() throws Exception {
        String email = email();
        signup(email, PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Callable<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String guess = "wrong guess number " + i;
            guesses.add(() -> http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", guess))
                .exchange().returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(guesses)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(5);
    }

    @Test
    void refreshRotatesAndReusingAnOldTokenRevokesTheWholeFamily() {
        String email = email();
        var first = signup(email, PASSWORD);
        var second = refresh((String) first.get("refreshToken"), 200);
        assertThat(second.get("refreshToken")).isNotEqualTo(first.get("refreshToken"));
        var third = refresh((String) second.get("refreshToken"), 200);

        refresh((String) first.get("refreshToken"), 401);
        // The family is gone: even the newest token, and its access token, stop working.
        refresh((String) third.get("refreshToken"), 401);
        awaitRefused((String) third.get("accessToken"));
    }

    @Test
    void concurrentUseOfOneRefreshTokenLetsOneWinAndThenRevokesTheFamily() throws Exception {
        var pair = signup(email(), PASSWORD);
        String token = (String) pair.get("refreshToken");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<EntityExchangeResult<Map>> call = () -> http.post().uri("/api/v1/auth/refresh")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", token))
            .exchange().expectBody(Map.class).returnResult();
        var a = pool.submit(call);
        var b = pool.submit(call);
        var results = List.of(a.get(), b.get());
        pool.shutdown();
        assertThat(results).extracting(r -> r.getStatus().value()).containsExactlyInAnyOrder(200, 401);
        var winner = results.stream().filter(r -> r.getStatus().value() == 200).findFirst().orElseThrow();
        refresh((String) winner.getResponseBody().get("refreshToken"), 401);
    }

    @Test
    void logoutEndsTheSessionAndTheAccessToken() {
        var pair = signup(email(), PASSWORD);
        String access = (String) pair.get("accessToken");
        http.post().uri("/api/v1/auth/logout").headers(h -> h.setBearerAuth(access))
            .exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(access))
            .exchange().expectStatus().isUnauthorized()
            .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"));
        refresh((String) pair.get("refreshToken"), 401);
    }

    @Test
    void loggingOutEverywhereEndsEverySessionOfTheUserAndNoOneElses() {
        String email = email();
        var first = signup(email, PASSWORD);
        var second = login(email, PASSWORD);
        var stranger = signup(email(), PASSWORD);
        http.post().uri("/api/v1/auth/logout-everywhere").headers(h -> h.setBearerAuth((String) second.get("accessToken")))
            .exchange().expectStatus().isNoContent();
        for (var pair : List.of(first, second)) {
            http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) pair.get("accessToken")))
                .exchange().expectStatus().isUnauthorized();
            refresh((String) pair.get("refreshToken"), 401);
        }
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) stranger.get("accessToken")))
            .exchange().expectStatus().isOk();
        refresh((String) stranger.get("refreshToken"), 200);
    }

    @Test
    void aRefreshRacingLogoutNeverLeavesAWorkingTokenBehind() throws Exception {
        String email = email();
        signup(email, PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int leaks = 0;
        try {
            for (int trial = 0; trial < 40; trial++) {
                var session = login(email, PASSWORD);
                String access = (String) session.get("accessToken");
                java.util.concurrent.atomic.AtomicReference<String> latestRefresh =
                        new java.util.concurrent.atomic.AtomicReference<>((String) session.get("refreshToken"));
                java.util.concurrent.atomic.AtomicReference<String> latestAccess = new java.util.concurrent.atomic.AtomicReference<>(access);
                // The client refreshes as fast as it can until it is refused.
                var refresher = pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        var result = http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("refreshToken", latestRefresh.get())).exchange()
                            .expectBody(Map.class).returnResult();
                        if (result.getStatus().value() != 200) {
                            return;
                        }
                        latestRefresh.set((String) result.getResponseBody().get("refreshToken"));
                        latestAccess.set((String) result.getResponseBody().get("accessToken"));
                    }
                });
                int delay = trial % 8;
                var logout = pool.submit(() -> {
                    Thread.sleep(delay);
                    http.post().uri("/api/v1/auth/logout").headers(h -> h.setBearerAuth(access)).exchange()
                        .expectStatus().isNoContent();
                    return null;
                });
                logout.get();
                refresher.get();
                int status = http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("refreshToken", latestRefresh.get())).exchange().returnResult(String.class)
                    .getStatus().value();
                if (status != 401) {
                    leaks++;
                }
                awaitRefused(latestAccess.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(leaks).as("sessions that kept a working refresh token after logout").isZero();
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndEndsOtherSessions() {
        String email = email();
        var phone = signup(email, PASSWORD);
        var laptop = login(email, PASSWORD);
        String laptopAccess = (String) laptop.get("accessToken");

        http.patch().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(laptopAccess))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("newPassword", "a brand new passphrase"))
            .exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("currentPassword");
        http.patch().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(laptopAccess))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("currentPassword", "not my password!", "newPassword", "a brand new passphrase"))
            .exchange().expectStatus().isBadRequest();
        http.patch().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(laptopAccess))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase", "name", "Renamed"))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Renamed");

        awaitRefused((String) phone.get("accessToken"));
        refresh((String) phone.get("refreshToken"), 401);
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(laptopAccess)).exchange().expectStatus().isOk();
        refresh((String) laptop.get("refreshToken"), 200);
        login(email, "a brand new passphrase");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logLinesCarryTheRequestIdAndUser(CapturedOutput output) {
        var pair = signup(email(), PASSWORD);
        String token = (String) pair.get("refreshToken");
        refresh(token, 200);
        // Reuse is logged as a warning while serving this request.
        http.post().uri("/api/v1/auth/refresh").header("X-Request-Id", "reuse-check-42")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", token))
            .exchange().expectStatus().isUnauthorized();
        assertThat(output.getAll()).containsPattern("rid=reuse-check-42 uid=\\] .*Refresh token reuse detected");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> refresh(String token, int status) {
        return http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("refreshToken", token))
            .exchange().expectStatus().isEqualTo(status)
            .expectBody(Map.class).returnResult().getResponseBody();
    }

    private void awaitRefused(String accessToken) {
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(accessToken))
            .exchange().expectStatus().isUnauthorized();
    }
}
