package dev.agora.order;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkout with the id of a saved address (user-svc's address book) instead of one written out. */
class CheckoutAddressIT extends OrderTestBase {

    private static final String SAVED = """
            {"id":"%s","label":"Home","name":"Grace Hopper","line1":"1 Compiler Court","line2":"Flat 2","city":"Arlington",
             "region":"VA","postalCode":"22201","country":"US","isDefault":true}""";

    private static String orderAt(UUID product, UUID addressId) {
        return JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)),
                "addressId", addressId, "paymentMethod", "pm_card_visa"));
    }

    private static String savedPath(UUID user, UUID address) {
        return "/internal/users/" + user + "/addresses/" + address;
    }

    @Test
    void anOrderShipsToASavedAddressAndKeepsItsOwnCopy() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        UUID address = UUID.randomUUID();
        USERS.on("GET", savedPath(buyer, address), 200, SAVED.formatted(address));
        PAYMENTS.script("POST", "/api/v1/payments", payment(UUID.randomUUID(), "succeeded"));

        JsonNode order = placed(customer(buyer), orderAt(product, address), 201);

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        JsonNode shipTo = order.path("shippingAddress");
        assertThat(shipTo.path("name").asString()).isEqualTo("Grace Hopper");
        assertThat(shipTo.path("line2").asString()).isEqualTo("Flat 2");
        assertThat(shipTo.path("region").asString()).isEqualTo("VA");
        assertThat(shipTo.path("country").asString()).isEqualTo("US");
        assertThat(USERS.calls()).anyMatch(c -> c.startsWith("GET " + savedPath(buyer, address)) && c.endsWith("(with token)"));

        // The address book changes later; the order does not.
        USERS.on("GET", savedPath(buyer, address), 200, SAVED.formatted(address).replace("1 Compiler Court", "9 Elsewhere"));
        assertThat(get(customer(buyer), "/api/v1/orders/{id}", order.path("id").asString())
            .path("shippingAddress").path("line1").asString()).isEqualTo("1 Compiler Court");
    }

    @Test
    void anAddressTheCallerDoesNotHaveIsNotFoundAndNothingIsWritten() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        UUID someoneElses = UUID.randomUUID();
        // user-svc answers 404 for an address that is not this user's, whoever it belongs to.
        USERS.on("GET", savedPath(buyer, someoneElses), 404, "{}");

        checkout(customer(buyer), orderAt(product, someoneElses)).expectStatus().isNotFound()
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "not-found")
            .jsonPath("$.detail").isEqualTo("The address was not found.");
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }

    @Test
    void anAddressBookThatCannotBeAskedIs503AndWritesNothing() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        UUID address = UUID.randomUUID();
        USERS.on("GET", savedPath(buyer, address), 500, "{}");

        checkout(customer(buyer), orderAt(product, address)).expectStatus().isEqualTo(503);
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
        assertThat(INVENTORY.calls()).isEmpty();
    }

    @Test
    void bothAnAddressAndItsIdOrNeitherIsABadRequest() {
        UUID product = product("20.00");
        UUID buyer = UUID.randomUUID();
        String both = order(product, 1, "pm_card_visa").replaceFirst("\\{", "{\"addressId\":\"" + UUID.randomUUID() + "\",");
        checkout(customer(buyer), both).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("shippingAddress")
            .jsonPath("$.errors[0].message").isEqualTo("cannot come with addressId");
        String neither = JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)),
                "paymentMethod", "pm_card_visa"));
        checkout(customer(buyer), neither).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("shippingAddress");
        checkout(customer(buyer), orderAt(product, UUID.randomUUID()).replaceFirst("\"addressId\":\"[^\"]+\"",
                "\"addressId\":\"not-a-uuid\"")).expectStatus().isBadRequest();
        assertThat(get(customer(buyer), "/api/v1/orders").path("totalItems").asInt()).isZero();
    }
}
