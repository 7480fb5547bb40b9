package dev.agora.order;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a buyer whose email address is verified checks out; the rest get a 403 and keep their cart. */
class CheckoutVerificationIT extends OrderTestBase {

    private static String unverified(UUID buyer) {
        return FORGE.draft(buyer, "customer").claim("emailVerified", false).sign();
    }

    private static String verificationPath(UUID user) {
        return "/internal/users/" + user + "/email-verification";
    }

    @Test
    void anUnverifiedBuyerIsRefusedWithAProblemAndNothingIsWritten() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        USERS.on("GET", verificationPath(buyer), 200, "{\"verified\":false}");

        checkout(unverified(buyer), order(product, 1, "pm_card_visa")).expectStatus().isForbidden()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "email-unverified")
            .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("/api/v1/users/me/email-verification"));
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
        assertThat(PAYMENTS.calls()).noneMatch(c -> c.startsWith("POST"));
    }

    @Test
    void aTokenIssuedBeforeTheBuyerVerifiedIsCheckedWithUserSvc() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        USERS.on("GET", verificationPath(buyer), 200, "{\"verified\":true}");
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));

        assertThat(placed(unverified(buyer), order(product, 1, "pm_card_visa"), 201).path("status").asString())
            .isEqualTo("CONFIRMED");
        assertThat(USERS.calls()).anyMatch(c -> c.startsWith("GET " + verificationPath(buyer)) && c.endsWith("(with token)"));
    }

    @Test
    void aVerifiedTokenNeedsNoCallToUserSvc() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));

        placed(customer(buyer), order(product, 1, "pm_card_visa"), 201);
        assertThat(USERS.calls()).noneMatch(c -> c.contains(verificationPath(buyer)));
    }

    @Test
    void whenUserSvcCannotBeAskedTheCheckoutIs503AndWritesNothing() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        USERS.on("GET", verificationPath(buyer), 500, "{}");

        checkout(unverified(buyer), order(product, 1, "pm_card_visa")).expectStatus().isEqualTo(503)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }
}
