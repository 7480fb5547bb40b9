package dev.agora.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.defaults.Digests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email verification: sign-up sends a link (its token read here from
 * {@code user.email_verification_requested}, as notification-svc reads it) that works once, for 24
 * hours; the account's state shows in the profile, the admin list and the tokens it is issued.
 */
class EmailVerificationIT extends UserServiceTestBase {

    private static final String PASSWORD = "violet kayak under the bridge";
    private static final String REQUESTED = "user.email_verification_requested";
    private static final String INVALID = "https://agora.dev/problems/invalid-verification-token";

    @Autowired
    DatabaseClient db;

    @Test
    void theSignupLinkVerifiesTheAddressOnceAndLaterTokensSaySo() {
        String email = email();
        var signup = signup(email, PASSWORD);
        String access = (String) signup.get("accessToken");
        String userId = (String) ((Map<?, ?>) signup.get("user")).get("id");
        assertThat(((Map<?, ?>) signup.get("user")).get("emailVerified")).isEqualTo(false);
        assertThat(claims(access)).contains("\"emailVerified\":false");
        me(access).jsonPath("$.emailVerified").isEqualTo(false).jsonPath("$.emailVerifiedAt").doesNotExist();

        var event = awaitUserEvents(REQUESTED, email, 1).getFirst();
        assertThat(event.path("subject").asString()).isEqualTo(userId);
        String token = event.path("data").path("token").asString();
        assertThat(token).startsWith("ev_").hasSizeGreaterThan(40);
        assertThat(stored(token)).as("only the token's SHA-256 is stored").isEqualTo(1);

        verify(token).expectStatus().isNoContent().expectBody().isEmpty();
        me(access).jsonPath("$.emailVerified").isEqualTo(true).jsonPath("$.emailVerifiedAt").isNotEmpty();
        var refreshed = http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("refreshToken", signup.get("refreshToken"))).exchange().expectStatus().isOk()
            .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(claims((String) refreshed.get("accessToken"))).contains("\"emailVerified\":true");
        assertThat(awaitUserEvents("user.email_verified", email, 1).getFirst().path("subject").asString()).isEqualTo(userId);

        verify(token).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo(INVALID);
    }

    @Test
    void aResendIsLimitedToThreeLinksAnHourAndRefusedOnceVerified() {
        String email = email();
        String access = (String) signup(email, PASSWORD).get("accessToken");
        resend(access).expectStatus().isAccepted();
        resend(access).expectStatus().isAccepted();
        resend(access).expectStatus().isEqualTo(429).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().value("Retry-After", v -> assertThat(Long.parseLong(v)).isBetween(3_500L, 3_601L))
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/too-many-verification-emails");
        var links = awaitUserEvents(REQUESTED, email, 3);
        assertThat(userEvents(REQUESTED, email)).hasSize(3);

        // An earlier link keeps working after a resend; using one spends the others.
        verify(links.getFirst().path("data").path("token").asString()).expectStatus().isNoContent();
        verify(links.get(2).path("data").path("token").asString()).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.type").isEqualTo(INVALID);
        resend(access).expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anExpiredLinkDoesNotWork() {
        String email = email();
        String access = (String) signup(email, PASSWORD).get("accessToken");
        String token = awaitUserEvents(REQUESTED, email, 1).getFirst().path("data").path("token").asString();
        db.sql("UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE token_hash = :hash")
            .bind("hash", Digests.sha256(token)).then().block(Duration.ofSeconds(5));

        verify(token).expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo(INVALID);
        me(access).jsonPath("$.emailVerified").isEqualTo(false);
    }

    @Test
    void concurrentUsesOfOneLinkLetExactlyOneThrough() throws Exception {
        String email = email();
        signup(email, PASSWORD);
        String token = awaitUserEvents(REQUESTED, email, 1).getFirst().path("data").path("token").asString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(() -> verify(token).returnResult(String.class).getStatus().value());
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
        assertThat(awaitUserEvents("user.email_verified", email, 1)).hasSize(1);
    }

    @Test
    void anAdminCanVouchForAnAddressAndSeesTheStateInTheUserList() {
        String email = email();
        var signup = signup(email, PASSWORD);
        String access = (String) signup.get("accessToken");
        String userId = (String) ((Map<?, ?>) signup.get("user")).get("id");
        String admin = adminToken();

        http.get().uri("/api/v1/users?email={e}", email).headers(h -> h.setBearerAuth(admin)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.items[0].emailVerified").isEqualTo(false);
        // A customer may not vouch for themself, and an unknown user is 404.
        http.put().uri("/api/v1/users/{id}/email-verified", userId).headers(h -> h.setBearerAuth(access)).exchange()
            .expectStatus().isForbidden();
        http.put().uri("/api/v1/users/{id}/email-verified", java.util.UUID.randomUUID()).headers(h -> h.setBearerAuth(admin))
            .exchange().expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.put().uri("/api/v1/users/{id}/email-verified", userId).headers(h -> h.setBearerAuth(admin)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.emailVerified").isEqualTo(true);
        http.get().uri("/api/v1/users?email={e}", email).headers(h -> h.setBearerAuth(admin)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.items[0].emailVerified").isEqualTo(true);
        // The link in the mailbox is spent with it.
        String token = awaitUserEvents(REQUESTED, email, 1).getFirst().path("data").path("token").asString();
        verify(token).expectStatus().isBadRequest();
    }

    @Test
    void orderSvcReadsTheStateAndOtherServicesMayNot() {
        String email = email();
        var signup = signup(email, PASSWORD);
        String userId = (String) ((Map<?, ?>) signup.get("user")).get("id");
        String orderSvc = serviceToken("order-svc", CLIENT_SECRET);
        http.get().uri("/internal/users/{id}/email-verification", userId).headers(h -> h.setBearerAuth(orderSvc)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.verified").isEqualTo(false);
        verify(awaitUserEvents(REQUESTED, email, 1).getFirst().path("data").path("token").asString())
            .expectStatus().isNoContent();
        http.get().uri("/internal/users/{id}/email-verification", userId).headers(h -> h.setBearerAuth(orderSvc)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.verified").isEqualTo(true);
        http.get().uri("/internal/users/{id}/email-verification", java.util.UUID.randomUUID())
            .headers(h -> h.setBearerAuth(orderSvc)).exchange().expectStatus().isNotFound();
        http.get().uri("/internal/users/{id}/email-verification", userId)
            .headers(h -> h.setBearerAuth(serviceToken("product-svc", PRODUCT_CLIENT_SECRET))).exchange()
            .expectStatus().isForbidden();
        http.get().uri("/internal/users/{id}/email-verification", userId)
            .headers(h -> h.setBearerAuth((String) signup.get("accessToken"))).exchange().expectStatus().isForbidden();
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        for (String body : List.of("{}", "{\"token\":\"\"}", "{\"token\":42}", "{\"token\":\"" + "x".repeat(101) + "\"}",
                "[]", "nonsense", "{\"token\":\"ev_x\",\"userId\":\"someone\"}")) {
            http.post().uri("/api/v1/auth/email/verify").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        verify("ev_made-up-token").expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo(INVALID);
        http.post().uri("/api/v1/users/me/email-verification").exchange().expectStatus().isUnauthorized()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theTokenIsNeverLogged(CapturedOutput output) {
        String email = email();
        signup(email, PASSWORD);
        String token = awaitUserEvents(REQUESTED, email, 1).getFirst().path("data").path("token").asString();
        verify(token).expectStatus().isNoContent();
        verify(token).expectStatus().isBadRequest();
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(3));
    }

    private WebTestClient.ResponseSpec verify(String token) {
        return http.post().uri("/api/v1/auth/email/verify").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("token", token)).exchange();
    }

    private WebTestClient.ResponseSpec resend(String access) {
        return http.post().uri("/api/v1/users/me/email-verification").headers(h -> h.setBearerAuth(access)).exchange();
    }

    private WebTestClient.BodyContentSpec me(String access) {
        return http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(access)).exchange()
            .expectStatus().isOk().expectBody();
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private Long stored(String token) {
        return db.sql("SELECT count(*) AS n FROM email_verifications WHERE token_hash = :hash AND octet_length(token_hash) = 32")
            .bind("hash", Digests.sha256(token)).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }
}
