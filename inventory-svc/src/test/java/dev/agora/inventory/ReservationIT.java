package dev.agora.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.testsupport.SqlStatements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reservations: all or nothing, idempotent per order, never overselling under concurrency. Expiry
 * is {@link ReservationExpiryIT}'s, with a TTL short enough to wait for; here the default holds, so
 * a slow run cannot expire what a test still counts.
 */
class ReservationIT extends InventoryTestBase {

    @LocalServerPort
    int port;

    @Autowired
    SqlStatements statements;

    @Test
    void reservesEveryLineOrNone() {
        UUID a = stocked(5);
        UUID b = stocked(1);
        UUID order = UUID.randomUUID();
        reserve(order, Map.of(a, 2, b, 2)).expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].message").isEqualTo("requested 2, only 1 available");
        assertThat(stock(a)).containsEntry("available", 5).containsEntry("reserved", 0);

        reserve(order, Map.of(a, 2, b, 1)).expectStatus().isCreated().expectBody()
            .jsonPath("$.status").isEqualTo("held").jsonPath("$.items.length()").isEqualTo(2);
        reserve(order, Map.of(a, 2, b, 1)).expectStatus().isOk();
        reserve(order, Map.of(a, 1)).expectStatus().isEqualTo(422);
        assertThat(stock(a)).containsEntry("reserved", 2);
        assertThat(stock(b)).containsEntry("available", 0).containsEntry("inStock", false);
    }

    @Test
    void commitTakesStockOffTheShelfAndReleaseAfterCommitPutsItBack() {
        UUID product = stocked(10);
        UUID order = UUID.randomUUID();
        reserve(order, Map.of(product, 4)).expectStatus().isCreated();
        for (int i = 0; i < 2; i++) {
            post("/internal/reservations/{id}/commit", order).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("committed");
        }
        assertThat(stock(product)).containsEntry("onHand", 6).containsEntry("reserved", 0).containsEntry("available", 6);

        http.post().uri("/internal/reservations/{id}/release", order).headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "order cancelled"))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("released");
        post("/internal/reservations/{id}/release", order).expectStatus().isOk();
        post("/internal/reservations/{id}/commit", order).expectStatus().isEqualTo(409);
        assertThat(stock(product)).containsEntry("onHand", 10).containsEntry("available", 10);
    }

    @Test
    void answersAReservationAndItsCommitAsStoredWithoutReadingThemBack() {
        // Java orders these two ids one way (signed), PostgreSQL the other (byte by byte).
        UUID first = UUID.fromString("7fffffff-0000-4000-8000-" + String.format("%012x", new Random().nextLong(1L << 48)));
        UUID second = UUID.fromString("80000000-0000-4000-8000-" + String.format("%012x", new Random().nextLong(1L << 48)));
        for (UUID product : List.of(first, second)) {
            stockItem(product, product, UUID.randomUUID(), false);
            setStock(admin(), product, 5).expectStatus().isOk();
        }
        UUID order = UUID.randomUUID();

        String reserved = reserve(order, Map.of(first, 2, second, 1)).expectStatus().isCreated()
            .expectBody(String.class).returnResult().getResponseBody();
        String reservedAsStored = read(order);
        String committed = post("/internal/reservations/{id}/commit", order).expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        List<String> sent = statements.about(order);

        assertThat(reserved).isEqualTo(reservedAsStored).contains("\"status\":\"held\"");
        assertThat(reserved.indexOf(first.toString())).isLessThan(reserved.indexOf(second.toString()));
        assertThat(committed).isEqualTo(read(order)).contains("\"status\":\"committed\"");
        // The reservation's lines: once for the test's read, once under the commit's lock; never to answer.
        assertThat(sent).filteredOn(sql -> sql.contains("FROM reservation_lines")).hasSize(2);

        String released = release(order, Map.of("reason", "order cancelled")).expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(released).isEqualTo(read(order)).contains("\"status\":\"released\"").contains("\"released\":true")
            .contains("\"reason\":\"order cancelled\"");
    }

    @Test
    void movesALinesStockWithItsLevelAndAuditRowInOneStatementEach() {
        UUID product = stocked(20);
        UUID order = UUID.randomUUID();
        int before = statements.about(order, product).size();
        reserve(order, Map.of(product, 2)).expectStatus().isCreated();
        int reserved = statements.about(order, product).size();
        post("/internal/reservations/{id}/commit", order).expectStatus().isOk();
        List<String> all = statements.about(order, product);
        List<String> reserving = all.subList(before, reserved);
        List<String> committing = all.subList(reserved, all.size());

        // Reserving: the reservation, the total, the levels to take from, the level with its audit
        // row, the line with where it took from. Committing: the status, moved in the statement that
        // locks the reservation, the lines with their allocations, the total with the level and its
        // audit row.
        assertThat(reserving).hasSize(5);
        assertThat(committing).hasSize(3);
        assertThat(committing.getFirst()).startsWith("UPDATE reservations SET status");
        assertThat(all.subList(before, all.size())).filteredOn(sql -> sql.contains("INSERT INTO stock_movements")).hasSize(2)
            .allMatch(sql -> sql.contains("UPDATE stock_levels"));
        assertThat(committing).filteredOn(sql -> sql.contains("UPDATE stock_levels")).singleElement()
            .matches(sql -> sql.contains("UPDATE stock SET"));
        assertThat(stock(product)).containsEntry("onHand", 18).containsEntry("reserved", 0).containsEntry("available", 18);
        http.get().uri("/api/v1/inventory/{id}/movements", product).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.items[0].kind").isEqualTo("commit")
            .jsonPath("$.items[0].onHandAfter").isEqualTo(18)
            .jsonPath("$.items[0].reservedAfter").isEqualTo(0)
            .jsonPath("$.items[0].orderId").isEqualTo(order.toString())
            .jsonPath("$.items[1].kind").isEqualTo("reserve")
            .jsonPath("$.items[1].onHandAfter").isEqualTo(20)
            .jsonPath("$.items[1].reservedAfter").isEqualTo(2)
            .jsonPath("$.items[1].orderId").isEqualTo(order.toString());
    }

    @Test
    void releasesTheNamedLinesOfACommittedOrderOnceAndTheRestLater() {
        UUID kept = stocked(10);
        UUID returned = stocked(10);
        UUID order = UUID.randomUUID();
        reserve(order, Map.of(kept, 2, returned, 3)).expectStatus().isCreated();
        post("/internal/reservations/{id}/commit", order).expectStatus().isOk();

        for (int i = 0; i < 2; i++) {
            release(order, Map.of("reason", "part cancelled", "productIds", List.of(returned))).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("committed")
                .jsonPath("$.items[?(@.productId == '" + returned + "')].released").isEqualTo(true);
        }
        assertThat(stock(returned)).containsEntry("onHand", 10).containsEntry("available", 10);
        assertThat(stock(kept)).containsEntry("onHand", 8);
        // Replaying the original reservation still matches: a released line was reserved all the same.
        reserve(order, Map.of(kept, 2, returned, 3)).expectStatus().isOk();

        release(order, Map.of("productIds", List.of(UUID.randomUUID()))).expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("productIds");
        release(order, Map.of("productIds", List.of())).expectStatus().isBadRequest();

        release(order, Map.of("reason", "order cancelled")).expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("released");
        assertThat(stock(kept)).containsEntry("onHand", 10);
        assertThat(stock(returned)).containsEntry("onHand", 10).containsEntry("available", 10);
    }

    @Test
    void twoHundredConcurrentOrdersForFiftyUnitsReserveExactlyFifty() {
        UUID product = stocked(50);
        String token = service();
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, 200)
            .flatMap(i -> client.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("orderId", UUID.randomUUID(), "items", List.of(Map.of("productId", product, "quantity", 1))))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 200)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(50);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(150);
        assertThat(stock(product)).containsEntry("onHand", 50).containsEntry("reserved", 50).containsEntry("available", 0);
    }

    /**
     * A caller that gives up (order-svc's read timeout) cancels the request mid-transaction. Whatever
     * point the cancel reaches, the reservation is all there or not there: never a reservation
     * without its lines, never stock held for a line no reservation has.
     */
    @Test
    void reservationsCancelledMidFlightAreWholeOrAbsent() {
        List<UUID> products = List.of(stocked(1_000), stocked(1_000), stocked(1_000));
        String token = service();
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        Random random = new Random(7);
        List<UUID> orders = Flux.range(0, 300).map(i -> UUID.randomUUID()).collectList().block();
        List<Integer> statuses = Flux.fromIterable(orders)
            .flatMap(order -> client.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("orderId", order, "items", products.stream()
                    .map(p -> Map.of("productId", p, "quantity", 1)).toList()))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(Duration.ofMillis(random.nextInt(40)))
                .onErrorResume(TimeoutException.class, e -> Mono.just(0)), 16)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(statuses).as("abandoned requests").contains(0);
        // The cancelled requests' transactions finish or roll back on their own time.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            int held = 0;
            for (UUID order : orders) {
                var found = http.get().uri("/internal/reservations/{id}", order).headers(h -> h.setBearerAuth(token))
                    .exchange().returnResult(Map.class);
                assertThat(found.getStatus().value()).as("reservation %s", order).isIn(200, 404);
                if (found.getStatus().value() == 200) {
                    assertThat((List<?>) found.getResponseBody().blockFirst().get("items")).as("lines of %s", order).hasSize(3);
                    held++;
                }
            }
            for (UUID product : products) {
                assertThat(stock(product)).as("stock of %s", product)
                    .containsEntry("reserved", held);
            }
        });
        // Nothing was left behind holding a connection or a lock: the next caller is served.
        reserve(UUID.randomUUID(), Map.of(products.get(0), 1)).expectStatus().isCreated();
    }

    @Test
    void onlyServicesReserve() {
        UUID product = stocked(3);
        http.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("orderId", UUID.randomUUID(), "items", List.of(Map.of("productId", product, "quantity", 1))))
            .exchange().expectStatus().isForbidden();
        http.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("orderId", UUID.randomUUID(), "items", List.of(Map.of("productId", product, "quantity", 1),
                    Map.of("productId", product, "quantity", 1))))
            .exchange().expectStatus().isBadRequest();
        post("/internal/reservations/{id}/commit", UUID.randomUUID()).expectStatus().isNotFound();
        assertThat(stock(product)).containsEntry("reserved", 0);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec release(UUID order, Map<String, ?> body) {
        return http.post().uri("/internal/reservations/{id}/release", order).headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String read(UUID order) {
        return http.get().uri("/internal/reservations/{id}", order).headers(h -> h.setBearerAuth(service())).exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(String uri, UUID order) {
        return http.post().uri(uri, order).headers(h -> h.setBearerAuth(service())).exchange();
    }
}
