package dev.agora.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets the specified 4xx problem, never a 500, and writes nothing.
 */
class BadInputIT extends UserServiceTestBase {

    private WebTestClient.BodyContentSpec signupWith(String json, int status) {
        return http.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
            .exchange().expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.type").exists()
            .jsonPath("$.title").exists()
            .jsonPath("$.status").isEqualTo(status)
            .jsonPath("$.instance").isEqualTo("/api/v1/auth/signup")
            .jsonPath("$.requestId").exists();
    }

    @Test
    void malformedJsonIs400() {
        signupWith("{\"name\": \"x\", ", 400).jsonPath("$.type").isEqualTo("https://agora.dev/problems/malformed-json");
        signupWith("[1,2,3]", 400);
        signupWith("", 400);
    }

    @Test
    @SuppressWarnings("unchecked")
    void missingFieldsAreNamed() {
        signupWith("{\"email\": \"a@example.com\"}", 400)
            .jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields).contains("name", "password"));
    }

    @Test
    void fieldsAClientMayNotSetAreRefusedNotApplied() {
        String email = email();
        signupWith("{\"name\":\"Mallory\",\"email\":\"" + email + "\",\"password\":\"a long enough passphrase\","
                + "\"roles\":[\"admin\"]}", 400).jsonPath("$.errors[0].field").isEqualTo("roles");
        signupWith("{\"name\":\"Mallory\",\"email\":\"" + email + "\",\"password\":\"a long enough passphrase\","
                + "\"id\":\"01a20000-0000-7000-8000-000000000000\"}", 400);
        // Nothing was written: the email is still free.
        signup(email, "a long enough passphrase");

        var account = login(email, "a long enough passphrase");
        http.patch().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) account.get("accessToken")))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("admin")))
            .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) account.get("accessToken")))
            .exchange().expectBody().jsonPath("$.roles[0]").isEqualTo("customer").jsonPath("$.roles.length()").isEqualTo(1);
    }

    @Test
    void wrongTypesAreRefused() {
        signupWith("{\"name\": 42, \"email\": \"a@example.com\", \"password\": \"a long enough passphrase\"}", 400)
            .jsonPath("$.errors[0].field").isEqualTo("name");
        signupWith("{\"name\": \"n\", \"email\": [\"a@example.com\"], \"password\": \"a long enough passphrase\"}", 400);
        signupWith("{\"name\": \"n\", \"email\": \"a@example.com\", \"password\": true}", 400);
    }

    @Test
    void overLongStringsAndBadEmailsAreRefused() {
        signupWith("{\"name\": \"" + "n".repeat(101) + "\", \"email\": \"a@example.com\", \"password\": \"a long enough passphrase\"}", 400)
            .jsonPath("$.errors[0].field").isEqualTo("name");
        signupWith("{\"name\": \"n\", \"email\": \"" + "a".repeat(250) + "@example.com\", \"password\": \"a long enough passphrase\"}", 400);
        signupWith("{\"name\": \"n\", \"email\": \"not-an-email\", \"password\": \"a long enough passphrase\"}", 400)
            .jsonPath("$.errors[0].field").isEqualTo("email");
    }

    @Test
    void halfASurrogatePairInAPasswordIsRefusedNotHashed() {
        // JSON can spell it, but it is no character: the password hash's UTF-8 encoder threw (a 500).
        String email = email();
        signupWith("{\"name\": \"n\", \"email\": \"" + email + "\", \"password\": \"a long enough passphrase \\ud800\"}", 400)
            .jsonPath("$.errors[0].field").isEqualTo("password")
            .jsonPath("$.errors[0].message").isEqualTo("must be well-formed Unicode text");
        signup(email, "a long enough passphrase");
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"email\": \"" + email + "\", \"password\": \"a long enough passphrase\\udfff\"}")
            .exchange().expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        String big = "{\"name\": \"" + "n".repeat(2 * 1024 * 1024) + "\"}";
        signupWith(big, 413);
    }

    @Test
    void wrongMediaTypeIs415AndUnknownRoutesAre404() {
        http.post().uri("/api/v1/auth/signup").contentType(MediaType.TEXT_PLAIN).bodyValue("hello")
            .exchange().expectStatus().isEqualTo(415).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/nothing-here").exchange().expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("No resource exists at this path.");
        http.delete().uri("/api/v1/auth/signup").exchange().expectStatus().isEqualTo(405)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void everyJsonEndpointRefusesMalformedMistypedAndOversizedBodies() {
        var account = signup(email(), "a long enough passphrase");
        String token = (String) account.get("accessToken");
        String id = (String) ((Map<?, ?>) account.get("user")).get("id");
        String admin = adminToken();
        record Endpoint(org.springframework.http.HttpMethod method, String path, String bearer, String wrongTypes) {
        }
        List<Endpoint> endpoints = List.of(
                new Endpoint(org.springframework.http.HttpMethod.POST, "/api/v1/auth/signup", null, "{\"name\": []}"),
                new Endpoint(org.springframework.http.HttpMethod.POST, "/api/v1/auth/login", null, "{\"email\": 1, \"password\": 2}"),
                new Endpoint(org.springframework.http.HttpMethod.POST, "/api/v1/auth/refresh", null, "{\"refreshToken\": 7}"),
                new Endpoint(org.springframework.http.HttpMethod.PATCH, "/api/v1/users/me", token, "{\"name\": false}"),
                new Endpoint(org.springframework.http.HttpMethod.PUT, "/api/v1/users/" + id + "/roles", admin, "{\"roles\": \"admin\"}"));
        for (Endpoint e : endpoints) {
            for (var body : List.of(Map.entry("{\"broken\": ", 400), Map.entry(e.wrongTypes(), 400),
                    Map.entry("{\"unexpected\": 1}", 400), Map.entry("\"" + "x".repeat(2 * 1024 * 1024) + "\"", 413))) {
                http.method(e.method()).uri(e.path()).headers(h -> {
                    if (e.bearer() != null) {
                        h.setBearerAuth(e.bearer());
                    }
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(body.getKey())
                    .exchange().expectStatus().isEqualTo(body.getValue())
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
        // None of it changed the account.
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(token)).exchange()
            .expectBody().jsonPath("$.name").isEqualTo("Test User").jsonPath("$.roles.length()").isEqualTo(1);
    }

    @Test
    void problemsNeverLeakInternals() {
        String body = http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"refreshToken\": {\"$ne\": null}}").exchange().expectStatus().isBadRequest()
            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("java.", "jackson", "Exception", "SELECT", "at dev.agora");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        http.get().uri("/api/v1/users/me").header("X-Request-Id", "req-1234567890").exchange()
            .expectHeader().valueEquals("X-Request-Id", "req-1234567890")
            .expectBody().jsonPath("$.requestId").isEqualTo("req-1234567890");
        http.get().uri("/api/v1/users/me").header("X-Request-Id", "x".repeat(300)).exchange()
            .expectHeader().value("X-Request-Id", id -> assertThat(id).hasSize(36));
    }
}
