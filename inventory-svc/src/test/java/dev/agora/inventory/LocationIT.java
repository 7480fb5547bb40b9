package dev.agora.inventory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock by location: admins set up warehouses and stores, vendors see and stock only their own,
 * availability sums the locations, and a reservation takes from them by the rule (the shipping
 * country first, then the fullest) and gives back to where it took from.
 */
class LocationIT extends InventoryTestBase {

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    @Test
    void adminsSetUpLocationsForVendorsWhoSeeOnlyTheirOwn() {
        UUID vendor = knownVendor();
        String berlin = createLocation(vendor, "Berlin", "warehouse", "DE");
        createLocationRequest(admin(), vendor, " berlin ", "store", "DE").expectStatus().isEqualTo(409);
        createLocationRequest(admin(), UUID.randomUUID(), "Nowhere", "store", "DE").expectStatus().isNotFound();
        createLocationRequest(vendor(vendor), vendor, "Mine", "store", "DE").expectStatus().isForbidden();
        createLocationRequest(customer(), vendor, "Mine", "store", "DE").expectStatus().isForbidden();
        createLocationRequest(admin(), vendor, "Shed", "shed", "DE").expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("kind");
        createLocationRequest(admin(), vendor, "Munich", "store", "Germany").expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("country");
        createLocationRequest(admin(), vendor, "  ", "store", "DE").expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");

        http.get().uri("/api/v1/inventory/locations").headers(h -> h.setBearerAuth(vendor(vendor))).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.totalItems").isEqualTo(1)
            .jsonPath("$.items[0].id").isEqualTo(berlin)
            .jsonPath("$.items[0].kind").isEqualTo("warehouse")
            .jsonPath("$.items[0].country").isEqualTo("DE");
        http.get().uri("/api/v1/inventory/locations").headers(h -> h.setBearerAuth(vendor(UUID.randomUUID()))).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(0);
        http.get().uri("/api/v1/inventory/locations/{id}", berlin).headers(h -> h.setBearerAuth(vendor(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/inventory/locations?vendorId={v}", vendor).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(1);
        http.get().uri("/api/v1/inventory/locations").exchange().expectStatus().isUnauthorized();

        http.patch().uri("/api/v1/inventory/locations/{id}", berlin).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Berlin Mitte", "kind", "store", "version", 0))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.name").isEqualTo("Berlin Mitte").jsonPath("$.kind").isEqualTo("store")
            .jsonPath("$.country").isEqualTo("DE").jsonPath("$.version").isEqualTo(1);
        http.patch().uri("/api/v1/inventory/locations/{id}", berlin).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("country", "FR", "version", 0))
            .exchange().expectStatus().isEqualTo(409);
        http.patch().uri("/api/v1/inventory/locations/{id}", berlin).headers(h -> h.setBearerAuth(vendor(vendor)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Mine"))
            .exchange().expectStatus().isForbidden();
    }

    @Test
    void stockIsHeldPerLocationAndAvailabilitySumsThem() {
        UUID vendor = knownVendor();
        UUID product = product(vendor);
        String token = vendor(vendor);
        // A vendor's first stock change, with no location set up, gives it a main warehouse.
        setStock(token, product, 5).expectStatus().isOk().expectBody()
            .jsonPath("$.locations.length()").isEqualTo(1)
            .jsonPath("$.locations[0].name").isEqualTo("Main warehouse")
            .jsonPath("$.locations[0].onHand").isEqualTo(5);
        String paris = createLocation(vendor, "Paris", "store", "FR");
        setStockAt(token, product, paris, 3).expectStatus().isOk().expectBody()
            .jsonPath("$.onHand").isEqualTo(8)
            .jsonPath("$.available").isEqualTo(8)
            .jsonPath("$.locations.length()").isEqualTo(2)
            .jsonPath("$.locations[1].locationId").isEqualTo(paris)
            .jsonPath("$.locations[1].onHand").isEqualTo(3)
            .jsonPath("$.locations[1].available").isEqualTo(3);
        // The main warehouse stays the default.
        setStock(token, product, 6).expectStatus().isOk().expectBody().jsonPath("$.onHand").isEqualTo(9);

        String elsewhere = createLocation(knownVendor(), "Elsewhere", "warehouse", "FR");
        setStockAt(token, product, elsewhere, 100).expectStatus().isNotFound();
        setStockAt(admin(), product, elsewhere, 100).expectStatus().isNotFound();
        setStockAt(token, product, UUID.randomUUID().toString(), 100).expectStatus().isNotFound();
        setStockAt(token, product, "the-back-room", 100).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        adjustAt(token, product, paris, -4).expectStatus().isEqualTo(409);
        adjustAt(token, product, paris, -3).expectStatus().isOk().expectBody().jsonPath("$.onHand").isEqualTo(6);
        http.get().uri("/api/v1/inventory/{id}/movements", product).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.items[0].kind").isEqualTo("adjust")
            .jsonPath("$.items[0].locationId").isEqualTo(paris)
            .jsonPath("$.items[0].onHandAfter").isEqualTo(6);
        http.get().uri("/api/v1/inventory/{id}", product).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.available").isEqualTo(6).jsonPath("$.locations").doesNotExist();
    }

    @Test
    void aReservationTakesFromTheShippingCountryFirstThenTheFullestAndGivesBackWhereItTook() {
        UUID vendor = knownVendor();
        UUID product = product(vendor);
        String hamburg = createLocation(vendor, "Hamburg", "warehouse", "DE");
        String lyon = createLocation(vendor, "Lyon", "store", "FR");
        String madrid = createLocation(vendor, "Madrid", "warehouse", "ES");
        setStockAt(admin(), product, hamburg, 2).expectStatus().isOk();
        setStockAt(admin(), product, lyon, 3).expectStatus().isOk();
        setStockAt(admin(), product, madrid, 10).expectStatus().isOk();

        UUID toFrance = UUID.randomUUID();
        reserveTo(toFrance, product, 4, "FR").expectStatus().isCreated().expectBody()
            .jsonPath("$.items[0].allocations.length()").isEqualTo(2);
        assertThat(levels(product)).containsEntry(lyon, List.of(3, 3)).containsEntry(madrid, List.of(10, 1))
            .containsEntry(hamburg, List.of(2, 0));
        UUID toGermany = UUID.randomUUID();
        reserveTo(toGermany, product, 2, "DE").expectStatus().isCreated();
        UUID anywhere = UUID.randomUUID();
        reserveTo(anywhere, product, 9, null).expectStatus().isCreated();
        assertThat(levels(product)).containsEntry(lyon, List.of(3, 3)).containsEntry(madrid, List.of(10, 10))
            .containsEntry(hamburg, List.of(2, 2));
        reserveTo(UUID.randomUUID(), product, 1, "DE").expectStatus().isEqualTo(409);
        reserveTo(UUID.randomUUID(), product, 1, "Deutschland").expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("shipToCountry");

        service("/internal/reservations/{id}/commit", toFrance).expectStatus().isOk();
        assertThat(levels(product)).containsEntry(lyon, List.of(0, 0)).containsEntry(madrid, List.of(9, 9));
        service("/internal/reservations/{id}/release", toGermany).expectStatus().isOk();
        assertThat(levels(product)).containsEntry(hamburg, List.of(2, 0));
        // The French order is cancelled after payment: its units go back to Lyon and Madrid.
        service("/internal/reservations/{id}/release", toFrance).expectStatus().isOk();
        assertThat(levels(product)).containsEntry(lyon, List.of(3, 0)).containsEntry(madrid, List.of(10, 9))
            .containsEntry(hamburg, List.of(2, 0));
        assertThat(stock(product)).containsEntry("onHand", 15).containsEntry("reserved", 9).containsEntry("available", 6);
    }

    @Test
    void concurrentReservationsNeverOversellALocationOrTheTotal() {
        UUID vendor = knownVendor();
        UUID product = product(vendor);
        String north = createLocation(vendor, "North", "warehouse", "SE");
        String south = createLocation(vendor, "South", "warehouse", "IT");
        setStockAt(admin(), product, north, 3).expectStatus().isOk();
        setStockAt(admin(), product, south, 4).expectStatus().isOk();
        String token = service();
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, 40)
            .flatMap(i -> client.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("orderId", UUID.randomUUID(), "shipToCountry", i % 2 == 0 ? "SE" : "IT",
                        "items", List.of(Map.of("productId", product, "quantity", 1 + i % 2))))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 40)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(statuses).containsOnly(201, 409);
        Map<String, List<Integer>> levels = levels(product);
        assertThat(levels.get(north).get(1)).isLessThanOrEqualTo(3);
        assertThat(levels.get(south).get(1)).isLessThanOrEqualTo(4);
        // Twenty one-unit orders alone want more than there is, and one fails only when nothing is left: all 7 go.
        assertThat(levels.get(north).get(1) + levels.get(south).get(1)).isEqualTo(7);
        assertThat(stock(product)).containsEntry("onHand", 7).containsEntry("reserved", 7).containsEntry("available", 0);
    }

    @Test
    void aRemovedLocationKeepsItsHistoryAndUnitsGivenBackGoToTheVendorsMainOne() {
        UUID vendor = knownVendor();
        UUID product = product(vendor);
        String main = createLocation(vendor, "Main", "warehouse", "NL");
        String popUp = createLocation(vendor, "Pop-up", "store", "NL");
        setStockAt(admin(), product, popUp, 2).expectStatus().isOk();
        delete(popUp).expectStatus().isEqualTo(409);

        // Both units sell from the pop-up store, which then closes.
        UUID order = UUID.randomUUID();
        reserveTo(order, product, 2, "NL").expectStatus().isCreated();
        service("/internal/reservations/{id}/commit", order).expectStatus().isOk();
        delete(popUp).expectStatus().isNoContent();
        delete(popUp).expectStatus().isNotFound();
        http.get().uri("/api/v1/inventory/locations?vendorId={v}", vendor).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(main);
        setStockAt(admin(), product, popUp, 1).expectStatus().isNotFound();
        delete(main).expectStatus().isEqualTo(409);

        // The order is cancelled after all: the units return to the main warehouse.
        service("/internal/reservations/{id}/release", order).expectStatus().isOk();
        assertThat(levels(product)).containsEntry(main, List.of(2, 0)).doesNotContainKey(popUp);
        http.get().uri("/api/v1/inventory/{id}/movements", product).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.items[0].kind").isEqualTo("restock")
            .jsonPath("$.items[0].locationId").isEqualTo(main)
            .jsonPath("$.items[1].kind").isEqualTo("commit")
            .jsonPath("$.items[1].locationId").isEqualTo(popUp);
    }

    /**
     * A database from before locations: each vendor's stock, and what open reservations took, moves
     * to a main warehouse of its own, and the levels add up to the totals.
     */
    @Test
    void upgradingGivesEachVendorAMainWarehouseHoldingItsStock() throws Exception {
        String schema = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
        var flyway = Flyway.configure()
            .dataSource(env.getProperty("spring.flyway.url"), env.getProperty("spring.flyway.user"),
                    env.getProperty("spring.flyway.password"))
            .schemas(schema).createSchemas(true).locations("classpath:db/migration");
        flyway.target("2").load().migrate();
        UUID vendor = UUID.randomUUID();
        UUID sold = UUID.randomUUID();
        UUID unsold = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(env.getProperty("spring.flyway.url"), env.getProperty("spring.flyway.user"),
                env.getProperty("spring.flyway.password")); Statement sql = db.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            sql.execute("INSERT INTO stock (product_id, vendor_id, on_hand, reserved, updated_at) VALUES ('" + sold + "', '" + vendor
                    + "', 10, 4, now()), ('" + unsold + "', NULL, 3, 0, now())");
            sql.execute("INSERT INTO reservations (order_id, status, expires_at, created_at, updated_at) VALUES ('" + order
                    + "', 'held', now() + interval '1 hour', now(), now())");
            sql.execute("INSERT INTO reservation_lines (order_id, product_id, quantity) VALUES ('" + order + "', '" + sold + "', 4)");

            flyway.target("latest").load().migrate();

            try (ResultSet rows = sql.executeQuery("""
                    SELECT s.product_id, l.on_hand, l.reserved, loc.name, loc.vendor_id
                    FROM stock s JOIN stock_levels l USING (product_id) JOIN locations loc ON loc.id = l.location_id
                    ORDER BY s.on_hand DESC""")) {
                assertThat(rows.next()).isTrue();
                assertThat(List.of(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4), rows.getString(5)))
                    .containsExactly(sold.toString(), 10, 4, "Main warehouse", vendor.toString());
                assertThat(rows.next()).isTrue();
                assertThat(List.of(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4)))
                    .containsExactly(unsold.toString(), 3, 0, "Main warehouse");
                assertThat(rows.getString(5)).isNull();
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = sql.executeQuery("""
                    SELECT a.quantity, loc.vendor_id FROM reservation_allocations a JOIN locations loc ON loc.id = a.location_id
                    WHERE a.order_id = '%s'""".formatted(order))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(4);
                assertThat(rows.getString(2)).isEqualTo(vendor.toString());
                assertThat(rows.next()).isFalse();
            }
        }
    }

    /** A vendor product-svc knows; returns its id. */
    private static UUID knownVendor() {
        UUID vendor = UUID.randomUUID();
        CATALOG.on("GET", "/internal/vendors/" + vendor, 200, "{\"id\":\"" + vendor + "\",\"name\":\"Vendor\",\"active\":true}");
        return vendor;
    }

    private String createLocation(UUID vendor, String name, String kind, String country) {
        @SuppressWarnings("unchecked")
        Map<String, Object> created = createLocationRequest(admin(), vendor, name, kind, country).expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("id");
    }

    private WebTestClient.ResponseSpec createLocationRequest(String token, UUID vendor, String name, String kind, String country) {
        return http.post().uri("/api/v1/inventory/locations").headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("vendorId", vendor, "name", name, "kind", kind, "country", country)).exchange();
    }

    private WebTestClient.ResponseSpec delete(String location) {
        return http.delete().uri("/api/v1/inventory/locations/{id}", location).headers(h -> h.setBearerAuth(admin())).exchange();
    }

    private WebTestClient.ResponseSpec setStockAt(String token, UUID product, String location, int onHand) {
        return http.put().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("onHand", onHand, "reason", "count", "locationId", location)).exchange();
    }

    private WebTestClient.ResponseSpec adjustAt(String token, UUID product, String location, int delta) {
        return http.patch().uri("/api/v1/inventory/{id}", product).headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("delta", delta, "reason", "recount", "locationId", location)).exchange();
    }

    private WebTestClient.ResponseSpec reserveTo(UUID order, UUID product, int quantity, String country) {
        Map<String, Object> body = new HashMap<>(Map.of("orderId", order,
                "items", List.of(Map.of("productId", product, "quantity", quantity))));
        if (country != null) {
            body.put("shipToCountry", country);
        }
        return http.post().uri("/internal/reservations").headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec service(String uri, UUID order) {
        return http.post().uri(uri, order).headers(h -> h.setBearerAuth(service())).exchange();
    }

    /** Each location's [on hand, reserved] of the product, by location id. */
    @SuppressWarnings("unchecked")
    private Map<String, List<Integer>> levels(UUID product) {
        Map<String, List<Integer>> levels = new HashMap<>();
        for (Map<String, Object> level : (List<Map<String, Object>>) stock(product).get("locations")) {
            levels.put((String) level.get("locationId"), List.of((Integer) level.get("onHand"), (Integer) level.get("reserved")));
        }
        return levels;
    }
}
