package dev.agora.order;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Human order references, and refunds made in payment-svc followed onto the order. */
class OrderReferencesAndRefundsIT extends OrderTestBase {

    @Test
    void everyOrderHasItsOwnReferenceThatItsCustomerAndAdminsCanLookUp() {
        UUID product = product("5.00");
        UUID buyer = UUID.randomUUID();
        Set<String> references = new HashSet<>();
        String first = null;
        for (int i = 0; i < 5; i++) {
            PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));
            JsonNode order = placed(customer(buyer), order(product, 1, "pm_card_visa"), 201);
            references.add(order.path("reference").asString());
            first = first == null ? order.path("id").asString() : first;
        }
        // Placed within the same second, yet all different.
        assertThat(references).hasSize(5);
        String reference = get(customer(buyer), "/api/v1/orders/{id}", first).path("reference").asString();

        assertThat(get(customer(buyer), "/api/v1/orders/reference/{r}", reference).path("id").asString()).isEqualTo(first);
        assertThat(get(customer(buyer), "/api/v1/orders/reference/{r}", reference.toLowerCase()).path("id").asString())
            .isEqualTo(first);
        assertThat(get(admin(), "/api/v1/orders/reference/{r}", reference).path("id").asString()).isEqualTo(first);
        assertThat(get(admin(), "/api/v1/orders?reference={r}", reference).path("totalItems").asInt()).isEqualTo(1);
        http.get().uri("/api/v1/orders/reference/{r}", reference).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        for (String bad : new String[] { "AG-1234", "AG-IIII-OOOO", "nope", "AG-1234-5678-9" }) {
            http.get().uri("/api/v1/orders/reference/{r}", bad).headers(h -> h.setBearerAuth(admin())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reference");
        }
    }

    @Test
    void aFullRefundMovesAConfirmedOrderToRefundedReturnsItsStockAndItCanNoLongerShip() {
        UUID product = product("10.00");
        UUID paymentId = UUID.randomUUID();
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        JsonNode order = placed(customer(buyer), order(product, 1, "pm_card_visa"), 201);
        String id = order.path("id").asString();

        refunded(id, paymentId, "14.99", true);

        JsonNode after = awaitStatus(customer(buyer), id, "REFUNDED");
        assertThat(after.path("refundStatus").asString()).isEqualTo("REFUNDED");
        assertThat(after.path("refunded").path("amount").asString()).isEqualTo("14.99");
        // It never shipped: its stock goes back to the shelf.
        await().atMost(Duration.ofSeconds(10)).until(() -> count(INVENTORY, "POST", id + "/release") == 1);
        http.patch().uri("/api/v1/orders/{id}/status", id).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"SHIPPED\"}")
            .exchange().expectStatus().isEqualTo(409);
        assertThat(get(customer(buyer), "/api/v1/orders/{id}/history", id).findValuesAsString("to"))
            .containsExactly("PENDING", "CONFIRMED", "REFUNDED");
    }

    @Test
    void aPartialRefundShowsOnTheOrderWhichStillShips() {
        UUID product = product("30.00");
        UUID paymentId = UUID.randomUUID();
        UUID buyer = UUID.randomUUID();
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        String id = placed(customer(buyer), order(product, 2, "pm_card_visa"), 201).path("id").asString();

        refunded(id, paymentId, "10.00", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "PARTIALLY_REFUNDED"
            .equals(get(customer(buyer), "/api/v1/orders/{id}", id).path("refundStatus").asString()));
        JsonNode order = get(customer(buyer), "/api/v1/orders/{id}", id);
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("refunded").path("amount").asString()).isEqualTo("10.00");

        http.patch().uri("/api/v1/orders/{id}/status", id).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"SHIPPED\"}")
            .exchange().expectStatus().isOk();
        // The rest refunded after shipping: the goods are with the customer, nothing returns to the shelf.
        refunded(id, paymentId, "60.00", true);
        awaitStatus(customer(buyer), id, "REFUNDED");
        assertThat(count(INVENTORY, "POST", id + "/release")).isZero();
    }
}
