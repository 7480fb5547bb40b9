package dev.agora.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The address book: one default at most, 20 addresses at most, nobody else's addresses. */
class AddressBookIT extends UserServiceTestBase {

    private static final String PASSWORD = "violet kayak under the bridge";
    private static final String BOOK = "/api/v1/users/me/addresses";

    private String customer() {
        return (String) signup(email(), PASSWORD).get("accessToken");
    }

    private static Map<String, Object> address(String label, String line1) {
        return new HashMap<>(Map.of("label", label, "name", "Ada Lovelace", "line1", line1, "city", "London",
                "postalCode", "W1 1AA", "country", "GB"));
    }

    private Map<String, Object> add(String token, Map<String, Object> body) {
        return http.post().uri(BOOK).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body).exchange().expectStatus().isCreated()
            .expectHeader().valueMatches("Location", BOOK + "/[0-9a-f-]{36}")
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    private List<Map<String, Object>> list(String token) {
        return http.get().uri(BOOK).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
    }

    @Test
    void theFirstAddressIsTheDefaultAndThereIsNeverMoreThanOne() {
        String token = customer();
        var home = add(token, address("Home", "1 Analytical Way"));
        assertThat(home).containsEntry("isDefault", true).containsEntry("label", "Home").doesNotContainKey("userId");
        var work = add(token, address("Work", "2 Engine Street"));
        assertThat(work).containsEntry("isDefault", false);
        var studio = add(token, new HashMap<>(Map.of("name", "  Ada  ", "line1", "3 Loom Lane", "line2", " ", "city", "Leeds",
                "postalCode", "LS1", "country", "GB", "isDefault", true)));
        assertThat(studio).containsEntry("isDefault", true).containsEntry("name", "Ada");
        assertThat(studio.get("line2")).as("a blank line2 is none").isNull();

        assertThat(list(token)).extracting(a -> a.get("id")).containsExactly(studio.get("id"), home.get("id"), work.get("id"));
        assertThat(list(token)).filteredOn(a -> Boolean.TRUE.equals(a.get("isDefault"))).hasSize(1);

        Map<String, Object> moved = address("Work", "20 Engine Street");
        moved.put("isDefault", true);
        http.put().uri(BOOK + "/{id}", work.get("id")).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(moved).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.line1").isEqualTo("20 Engine Street").jsonPath("$.isDefault").isEqualTo(true);
        assertThat(list(token).getFirst()).containsEntry("id", work.get("id"));

        // Deleting the default hands it to the oldest address left.
        http.delete().uri(BOOK + "/{id}", work.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isNoContent();
        assertThat(list(token)).extracting(a -> a.get("id"), a -> a.get("isDefault"))
            .containsExactly(tuple(home.get("id"), true),
                    tuple(studio.get("id"), false));
        http.get().uri(BOOK + "/{id}", work.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anotherUsersAddressIsNotFoundWhateverIsAsked() {
        String owner = customer();
        String other = customer();
        String id = (String) add(owner, address("Home", "1 Private Road")).get("id");

        http.get().uri(BOOK + "/{id}", id).headers(h -> h.setBearerAuth(other)).exchange().expectStatus().isNotFound();
        http.put().uri(BOOK + "/{id}", id).headers(h -> h.setBearerAuth(other)).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(address("Mine now", "9 Thief Street")).exchange().expectStatus().isNotFound();
        http.delete().uri(BOOK + "/{id}", id).headers(h -> h.setBearerAuth(other)).exchange().expectStatus().isNotFound();
        assertThat(list(other)).isEmpty();
        assertThat(list(owner)).singleElement().satisfies(a -> assertThat(a).containsEntry("line1", "1 Private Road"));
        http.get().uri(BOOK).exchange().expectStatus().isUnauthorized();
        http.get().uri(BOOK + "/not-a-uuid").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        String token = customer();
        List<String> bodies = List.of("{}", "[]", "nonsense",
                "{\"name\":\"A\",\"line1\":\"1 Road\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"gb\"}",
                "{\"name\":\"A\",\"line1\":\"1 Road\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GBR\"}",
                "{\"name\":\"\",\"line1\":\"1 Road\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GB\"}",
                "{\"name\":\"A\",\"line1\":\"" + "x".repeat(201) + "\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GB\"}",
                "{\"name\":\"A\",\"line1\":\"1 Road\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GB\",\"userId\":\"x\"}",
                "{\"name\":\"A\",\"line1\":\"1 Road\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GB\",\"isDefault\":\"yes\"}",
                "{\"label\":\"" + "l".repeat(51) + "\",\"name\":\"A\",\"line1\":\"1\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"GB\"}");
        for (String body : bodies) {
            http.post().uri(BOOK).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(list(token)).isEmpty();
    }

    @Test
    void twentyAddressesAtMostEvenWhenTheyArriveTogether() throws Exception {
        String token = customer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> adds = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String line1 = i + " Crowded Street";
            adds.add(() -> http.post().uri(BOOK).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(address("No. " + line1, line1)).exchange().returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(adds)) {
                statuses.add(f.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(20);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
        assertThat(list(token)).hasSize(20).filteredOn(a -> Boolean.TRUE.equals(a.get("isDefault"))).hasSize(1);
    }

    @Test
    void orderSvcReadsAnAddressOnlyWithItsOwnerAndItsScope() {
        String token = customer();
        String ownerId = (String) http.get().uri("/api/v1/users/me").headers(h -> h.setBearerAuth(token)).exchange()
            .expectBody(Map.class).returnResult().getResponseBody().get("id");
        String id = (String) add(token, address("Home", "1 Checkout Road")).get("id");
        String orderSvc = serviceToken("order-svc", CLIENT_SECRET);

        http.get().uri("/internal/users/{u}/addresses/{id}", ownerId, id).headers(h -> h.setBearerAuth(orderSvc)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.line1").isEqualTo("1 Checkout Road");
        http.get().uri("/internal/users/{u}/addresses/{id}", UUID.randomUUID(), id)
            .headers(h -> h.setBearerAuth(orderSvc)).exchange().expectStatus().isNotFound();
        // product-svc's client has no business with addresses; a customer cannot use the internal API.
        http.get().uri("/internal/users/{u}/addresses/{id}", ownerId, id)
            .headers(h -> h.setBearerAuth(serviceToken("product-svc", PRODUCT_CLIENT_SECRET))).exchange()
            .expectStatus().isForbidden();
        http.get().uri("/internal/users/{u}/addresses/{id}", ownerId, id).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isForbidden();
    }
}
