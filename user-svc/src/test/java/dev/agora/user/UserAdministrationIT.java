package dev.agora.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.agora.defaults.security.JwkSets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles, user lookup and listing, the JWKS and the service-token endpoint.
 */
class UserAdministrationIT extends UserServiceTestBase {

    private static final String PASSWORD = "a long enough passphrase";

    @Test
    void otherUsersAreInvisibleButAdminsSeeEveryone() {
        var alice = signup(email(), PASSWORD);
        var bob = signup(email(), PASSWORD);
        String bobId = (String) ((Map<?, ?>) bob.get("user")).get("id");
        http.get().uri("/api/v1/users/{id}", bobId).headers(h -> h.setBearerAuth((String) alice.get("accessToken")))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/users/{id}", bobId).headers(h -> h.setBearerAuth((String) bob.get("accessToken")))
            .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/users/{id}", bobId).headers(h -> h.setBearerAuth(adminToken()))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(bobId);
        http.get().uri("/api/v1/users/{id}", "01a20000-0000-7000-8000-000000000000")
            .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isNotFound();
    }

    @Test
    void onlyAdminsChangeRolesAndTheChangeAppliesFromTheNextToken() {
        String email = email();
        var carol = signup(email, PASSWORD);
        String id = (String) ((Map<?, ?>) carol.get("user")).get("id");
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth((String) carol.get("accessToken")))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("admin")))
            .exchange().expectStatus().isForbidden();
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(adminToken()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("service")))
            .exchange().expectStatus().isBadRequest();
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(adminToken()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("customer", "vendor")))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.roles.length()").isEqualTo(2);

        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth((String) carol.get("accessToken")))
            .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/users?size=1000").headers(h -> h.setBearerAuth((String) carol.get("accessToken")))
            .exchange().expectStatus().isForbidden();
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth((String) carol.get("accessToken")))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\": \"not a list\"}")
            .exchange().expectStatus().isForbidden();
        String fresh = (String) login(email, PASSWORD).get("accessToken");
        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(fresh)).exchange().expectStatus().isForbidden();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(fresh.split("\\.")[1]));
        assertThat(payload).contains("\"vendor\"");
    }

    @Test
    void aDemotedAdminLosesEveryTokenAtOnceAndSignsInWithWhatIsLeft() {
        String email = email();
        var dave = signup(email, PASSWORD);
        String id = (String) ((Map<?, ?>) dave.get("user")).get("id");
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(adminToken()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("customer", "admin")))
            .exchange().expectStatus().isOk();
        // A role added applies from the next token; the session that had it goes on.
        var promoted = login(email, PASSWORD);
        String adminAccess = (String) promoted.get("accessToken");
        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(adminAccess)).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) dave.get("accessToken"))).exchange()
            .expectStatus().isOk();

        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(adminToken()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("customer")))
            .exchange().expectStatus().isOk();

        // Not 15 minutes later, when the token expires: now.
        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(adminAccess)).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) dave.get("accessToken"))).exchange()
            .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("refreshToken", promoted.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
        String fresh = (String) login(email, PASSWORD).get("accessToken");
        http.get().uri("/api/v1/users").headers(h -> h.setBearerAuth(fresh)).exchange().expectStatus().isForbidden();
    }

    @Test
    void aDeactivatedVendorsOwnerLosesTheVendorRoleAndVendorIdAndEveryToken() {
        String email = email();
        var erin = signup(email, PASSWORD);
        String id = (String) ((Map<?, ?>) erin.get("user")).get("id");
        String vendorId = "01a20000-0000-7000-8000-00000000cafe";
        String service = serviceToken("product-svc", PRODUCT_CLIENT_SECRET);
        http.put().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth(service))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("vendorId", vendorId)).exchange().expectStatus().isOk();
        var selling = login(email, PASSWORD);
        assertThat(payload((String) selling.get("accessToken"))).contains("\"vendor\"", vendorId);

        http.delete().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth((String) selling.get("accessToken")))
            .exchange().expectStatus().isForbidden();
        for (int i = 0; i < 2; i++) {
            http.delete().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth(service)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.roles").isEqualTo(List.of("customer"))
                .jsonPath("$.vendorId").doesNotExist();
        }
        http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth((String) selling.get("accessToken"))).exchange()
            .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("refreshToken", selling.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
        assertThat(payload((String) login(email, PASSWORD).get("accessToken"))).doesNotContain("vendor", vendorId);
    }

    private static String payload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void anAdminCannotDropTheirOwnAdminRole() {
        String admin = adminToken();
        String id = http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(admin)).exchange()
            .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        http.put().uri("/api/v1/users/{id}/roles", id).headers(h -> h.setBearerAuth(admin))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("roles", List.of("customer")))
            .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void listIsPaginatedFilteredAndBounded() {
        String marker = "pager" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            signup(marker + i + "@example.com", PASSWORD);
        }
        String admin = adminToken();
        http.get().uri("/api/v1/users?email={m}&page=0&size=2", marker).headers(h -> h.setBearerAuth(admin))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.items.length()").isEqualTo(2)
            .jsonPath("$.totalItems").isEqualTo(3)
            .jsonPath("$.totalPages").isEqualTo(2)
            .jsonPath("$.page").isEqualTo(0)
            .jsonPath("$.size").isEqualTo(2);
        http.get().uri("/api/v1/users?role=admin").headers(h -> h.setBearerAuth(admin))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.items[0].email").isEqualTo("root@agora.test");
        for (String bad : List.of("size=101", "size=0", "page=-1", "size=abc", "role=root")) {
            http.get().uri("/api/v1/users?" + bad).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.get().uri("/api/v1/users?email=%25").headers(h -> h.setBearerAuth(admin))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void jwksPublishesTheSigningKey() {
        String json = http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(JwkSets.parse(json)).containsOnlyKeys(FORGE.kid());
        assertThat(JwkSets.parse(json).get(FORGE.kid()).getModulus()).isEqualTo(FORGE.publicKey().getModulus());
        assertThat(json).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void serviceClientsGetAShortLivedServiceToken() {
        var body = http.post().uri("/internal/oauth/token")
            .headers(h -> h.setBasicAuth("order-svc", CLIENT_SECRET))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("expires_in")).isEqualTo(300);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(body.get("access_token").toString().split("\\.")[1]));
        assertThat(payload).contains("\"roles\":[\"service\"]", "\"clientId\":\"order-svc\"",
                "\"scope\":\"catalog:read inventory:reserve payments:charge payments:refund payments:read users:addresses users:verification\"");
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(serviceToken("product-svc", PRODUCT_CLIENT_SECRET)
            .split("\\.")[1]))).contains("\"scope\":\"users:vendor\"").doesNotContain("payments");

        http.post().uri("/internal/oauth/token").headers(h -> h.setBasicAuth("order-svc", "wrong-secret"))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
            .exchange().expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"agora-internal\"");
        http.post().uri("/internal/oauth/token").headers(h -> h.setBasicAuth("order-svc", CLIENT_SECRET))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=password")
            .exchange().expectStatus().isBadRequest();
    }

    @Test
    void onlyServicesGrantTheVendorRole() {
        var dave = signup(email(), PASSWORD);
        String id = (String) ((Map<?, ?>) dave.get("user")).get("id");
        String vendorId = "01a20000-0000-7000-8000-00000000beef";
        String serviceToken = serviceToken("product-svc", PRODUCT_CLIENT_SECRET);
        // Least privilege: the client that charges payments has no business granting roles.
        http.put().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth(serviceToken("order-svc", CLIENT_SECRET)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("vendorId", vendorId))
            .exchange().expectStatus().isForbidden();

        http.put().uri("/internal/users/{id}/vendor", id).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("vendorId", vendorId)).exchange().expectStatus().isUnauthorized();
        http.put().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth((String) dave.get("accessToken")))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("vendorId", vendorId))
            .exchange().expectStatus().isForbidden();
        http.put().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth(adminToken()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("vendorId", vendorId))
            .exchange().expectStatus().isForbidden();
        for (int i = 0; i < 2; i++) {
            http.put().uri("/internal/users/{id}/vendor", id).headers(h -> h.setBearerAuth(serviceToken))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("vendorId", vendorId))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.roles").isEqualTo(List.of("customer", "vendor"))
                .jsonPath("$.vendorId").isEqualTo(vendorId);
        }
    }

    @Test
    void actuatorExposesOnlyHealthPrometheusAndInfo() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
            .expectBody(String.class).value(body -> assertThat(body)
                .contains("application=\"user-svc\"", "http_server_requests_seconds_bucket", "agora_outbox_backlog"));
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump")) {
            http.get().uri(hidden).exchange().expectStatus().isNotFound();
        }
    }
}
