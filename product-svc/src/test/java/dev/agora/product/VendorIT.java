package dev.agora.product;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vendor applications, verification and what each caller may see.
 */
class VendorIT extends CatalogTestBase {

    @Test
    void anApplicationIsPendingAndInvisibleUntilVerifiedWhichGrantsTheRole() {
        UUID owner = UUID.randomUUID();
        var created = http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Lumen"))
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) created.get("id");
        assertThat(created.get("verificationStatus")).isEqualTo("pending");
        assertThat(created.get("ownerUserId")).isEqualTo(owner.toString());

        http.get().uri("/api/v1/vendors/{id}", id).exchange().expectStatus().isNotFound();
        http.post().uri("/api/v1/vendors/{id}/verify", id).headers(h -> h.setBearerAuth(customer(owner)))
            .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/vendors/{id}/verify", id).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.verificationStatus").isEqualTo("verified");
        assertThat(USERS.calls()).contains("PUT /internal/users/" + owner + "/vendor {\"vendorId\":\"" + id + "\"} (with token)");

        http.get().uri("/api/v1/vendors/{id}", id).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.name").isEqualTo("Lumen")
            .jsonPath("$.taxId").doesNotExist()
            .jsonPath("$.contactEmail").doesNotExist();
        http.get().uri("/api/v1/vendors/{id}", id).headers(h -> h.setBearerAuth(customer(owner))).exchange()
            .expectBody().jsonPath("$.taxId").exists().jsonPath("$.contactEmail").isEqualTo("sales@lumen.example");
        http.get().uri("/api/v1/vendors/{id}", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID()))).exchange()
            .expectBody().jsonPath("$.taxId").doesNotExist();
    }

    @Test
    void oneVendorPerUserAndRejectionsAreRecorded() {
        UUID owner = UUID.randomUUID();
        String id = (String) http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Twice"))
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Twice again"))
            .exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/v1/vendors/{id}/reject", id).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Incomplete tax details"))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.verificationStatus").isEqualTo("rejected")
            .jsonPath("$.verificationNote").isEqualTo("Incomplete tax details");
        http.get().uri("/api/v1/vendors?status=rejected").headers(h -> h.setBearerAuth(customer(owner)))
            .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/vendors?status=rejected").headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.items[?(@.id == '" + id + "')]").exists();

        // A rejected applicant may apply again: the same vendor, pending review once more.
        http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Twice, with tax details"))
            .exchange().expectStatus().isCreated().expectBody()
            .jsonPath("$.id").isEqualTo(id)
            .jsonPath("$.name").isEqualTo("Twice, with tax details")
            .jsonPath("$.verificationStatus").isEqualTo("pending")
            .jsonPath("$.verificationNote").doesNotExist();
        http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Thrice"))
            .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void deactivationTakesTheRoleAwayAtOnceAndAnAdminCanReactivate() {
        UUID owner = UUID.randomUUID();
        String id = (String) http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Ember"))
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        http.post().uri("/api/v1/vendors/{id}/reactivate", id).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/v1/vendors/{id}/verify", id).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk();

        http.delete().uri("/api/v1/vendors/{id}", id).headers(h -> h.setBearerAuth(customer(owner)))
            .exchange().expectStatus().isNoContent();
        assertThat(USERS.calls()).anyMatch(c -> c.startsWith("DELETE /internal/users/" + owner + "/vendor ")
                && c.endsWith("(with token)"));
        http.get().uri("/api/v1/vendors/{id}", id).exchange().expectStatus().isNotFound();

        http.post().uri("/api/v1/vendors/{id}/reactivate", id).headers(h -> h.setBearerAuth(customer(owner)))
            .exchange().expectStatus().isForbidden();
        long grantsBefore = USERS.calls().stream().filter(c -> c.startsWith("PUT /internal/users/" + owner + "/vendor")).count();
        http.post().uri("/api/v1/vendors/{id}/reactivate", id).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(true);
        assertThat(USERS.calls().stream().filter(c -> c.startsWith("PUT /internal/users/" + owner + "/vendor")).count())
            .isEqualTo(grantsBefore + 1);
        http.get().uri("/api/v1/vendors/{id}", id).exchange().expectStatus().isOk();
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesAVendorAndOnlyAtTheCurrentVersion() {
        TestVendor vendor = verifiedVendor("Versioned");
        var body = new java.util.HashMap<>(vendorBody("Versioned Two"));
        body.put("version", 1);
        http.put().uri("/api/v1/vendors/{id}", vendor.id()).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isNotFound();
        http.put().uri("/api/v1/vendors/{id}", vendor.id()).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.name").isEqualTo("Versioned Two");
        http.put().uri("/api/v1/vendors/{id}", vendor.id()).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(409);
    }
}
