package dev.agora.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.agora.testsupport.TokenAttacks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every forged or broken token is refused by the service itself, not only at the gateway.
 */
class TokenAttacksIT extends UserServiceTestBase {

    @Test
    void refusesEveryForgedOrBrokenToken() {
        var account = signup(email(), "a long enough passphrase");
        UUID id = UUID.fromString((String) ((Map<?, ?>) account.get("user")).get("id"));
        // Control: a token forged with the real key and nothing wrong is accepted.
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(FORGE.draft(id, "customer").sign()))
            .exchange().expectStatus().isOk();

        try (TokenAttacks.Lure lure = new TokenAttacks.Lure()) {
            List<String> accepted = new ArrayList<>();
            TokenAttacks.against(FORGE, id, (String) account.get("refreshToken"), lure.url()).forEach((name, token) -> {
                int status = http.get().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().returnResult(String.class).getStatus().value();
                if (status != 401) {
                    accepted.add(name + " -> " + status);
                }
            });
            assertThat(accepted).as("attacks not answered with 401").isEmpty();
            assertThat(lure.hits()).as("requests to the jku/x5u lure").isZero();
        }
    }

    @Test
    void refusesMissingOrNonBearerCredentials() {
        http.get().uri("/api/v1/users/me").exchange().expectStatus().isUnauthorized()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"agora\"");
        http.get().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void ignoresSpoofedUserHeaders() {
        var account = signup(email(), "a long enough passphrase");
        String id = (String) ((Map<?, ?>) account.get("user")).get("id");
        http.get().uri("/api/v1/users/me").header("X-User-Id", id).header("X-User-Roles", "admin")
            .exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth((String) account.get("accessToken")))
            .header("X-User-Roles", "admin").exchange().expectStatus().isForbidden();
    }
}
