package dev.agora.e2e;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.agora.devstack.Platform;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout end to end: the gateway, user-, product-, inventory-, payment-, order- and notification-svc
 * as separate processes over real PostgreSQL, Redis and SMTP (GreenMail), driven through the public
 * API only.
 */
class CheckoutIT {

    private static final TokenForge FORGE = TokenForge.newKey("checkout-e2e");

    private static Platform platform;
    private static Api api;
    private static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(Path.of(System.getProperty("agora.services.dir"), "devstack", "target"),
                "checkout-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        platform = new Platform(new Platform.Options(Path.of(System.getProperty("agora.services.dir")),
                System.getProperty("agora.version"), data, false, Map.of("AGORA_TRACE_VIEWER", "zipkin"), FORGE.privateKeyPem(),
                Map.of("gateway", Map.of("AGORA_RATELIMIT_REPLENISHRATE", "100000", "AGORA_RATELIMIT_BURSTCAPACITY", "200000"),
                        "user-svc", Map.of("AGORA_AUTH_ACTIVEKEYID", FORGE.kid(), "AGORA_AUTH_KEYS_0_ID", FORGE.kid()),
                        // A crashed checkout is taken over quickly, so the test does not wait long.
                        "order-svc", Map.of("AGORA_ORDERS_SAGALEASE", "3s", "AGORA_ORDERS_RECOVERYINTERVAL", "500ms"),
                        "analytics-svc", Map.of("AGORA_ANALYTICS_DASHBOARDTTL", "1s"),
                        // JSON logs as in a container, to find a trace's id in them.
                        "notification-svc", Map.of("AGORA_LOGGING_JSON", "true"))));
        platform.start();
        api = new Api(platform.gatewayUrl(), ThreadDumps.of(platform));
        shop = new Shop(api, FORGE);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void checksOutWithTheSuccessTokenAndEveryFailureToken() {
        String product = shop.product("10.00", "USD", 100);
        String customer = shop.customer();

        var confirmed = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 2, "pm_card_visa"));
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(201);
        JsonNode order = confirmed.json();
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("subtotal").path("amount").asString()).isEqualTo("20.00");
        assertThat(order.path("shipping").path("amount").asString()).isEqualTo("4.99");
        assertThat(order.path("total").path("amount").asString()).isEqualTo("24.99");
        assertThat(order.path("items").get(0).path("unitPrice").path("amount").asString()).isEqualTo("10.00");
        assertThat(order.path("items").get(0).path("vendorId").asString()).isEqualTo(shop.vendorId);
        String orderId = order.path("id").asString();

        var payments = api.get("/api/v1/payments/order/" + orderId, customer);
        assertThat(payments.status()).as(payments.text()).isEqualTo(200);
        assertThat(payments.json().get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(payments.json().get(0).path("amount").path("amount").asString()).isEqualTo("24.99");
        assertThat(shop.stock(product)).containsExactly(98, 0);
        var history = api.get("/api/v1/orders/" + orderId + "/history", customer);
        assertThat(history.json().findValuesAsString("to")).containsExactly("PENDING", "CONFIRMED");

        for (String[] failure : List.of(new String[] { "pm_card_declined", "card_declined" },
                new String[] { "pm_card_insufficient_funds", "insufficient_funds" },
                new String[] { "pm_card_processing_error", "processing_error" })) {
            var failed = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, failure[0]));
            assertThat(failed.status()).as(failed.text()).isEqualTo(201);
            assertThat(failed.json().path("status").asString()).isEqualTo("PAYMENT_FAILED");
            assertThat(failed.json().path("failureCode").asString()).isEqualTo(failure[1]);
            assertThat(failed.json().path("statusReason").asString()).isNotBlank();
            // The reservation was released: nothing is held for a failed order.
            assertThat(shop.stock(product)).containsExactly(98, 0);
        }
    }

    @Test
    void aCheckoutIsOneTraceFromTheGatewayThroughTheEventsToTheConfirmationMail() throws Exception {
        String product = shop.product("7.00", "USD", 10);
        // A customer with an account, so that the confirmation mail has an address to go to.
        String email = "traced-" + UUID.randomUUID() + "@example.com";
        String customer = Accounts.verifiedCustomer(api, platform.mailbox(), "Traced Customer", email,
                "a perfectly fine passphrase");
        String traceId = randomHex(16);

        var placed = api.post("/api/v1/orders", Shop.order(product, 1, "pm_card_visa"), customer, "Idempotency-Key",
                UUID.randomUUID().toString(), "Content-Type", "application/json", "traceparent",
                "00-" + traceId + "-" + randomHex(8) + "-01");
        assertThat(placed.status()).as(placed.text()).isEqualTo(201);

        // Every span the trace must hold, as Zipkin shows them: each service, the event hop, SMTP.
        Set<String> services = Set.of("gateway", "order-svc", "product-svc", "inventory-svc", "payment-svc",
                "notification-svc");
        JsonNode trace = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var answer = new Api(platform.traceApiUrl().orElseThrow()).get("/trace/" + traceId, null);
            if (answer.status() == 200) {
                trace = answer.json();
                // Each service exports its spans in its own batches: wait for the producer's publish span
                // too, not only for the mail, which can arrive first.
                JsonNode consume = consumeSpan(trace);
                if (serviceNames(trace).containsAll(services) && spanNamed(trace, "smtp send") != null
                        && consume != null && spanWithId(trace, consume.path("parentId").asString()) != null) {
                    break;
                }
            }
            sleep(1000);
        }
        assertThat(trace).as("no trace " + traceId + " in Zipkin").isNotNull();
        assertThat(serviceNames(trace)).containsAll(services);
        JsonNode mail = spanNamed(trace, "smtp send");
        assertThat(mail).as("the confirmation mail's send in the trace").isNotNull();
        assertThat(mail.path("localEndpoint").path("serviceName").asString()).isEqualTo("notification-svc");
        assertThat(mail.path("tags").has("error")).as("the send failed: " + mail).isFalse();
        // The event hop: notification-svc consumed an event in a span whose parent is the producer's.
        JsonNode consumed = consumeSpan(trace);
        assertThat(consumed).as("notification-svc's consume span").isNotNull();
        JsonNode producer = spanWithId(trace, consumed.path("parentId").asString());
        assertThat(producer).as("the consume span's parent").isNotNull();
        assertThat(producer.path("localEndpoint").path("serviceName").asString()).isEqualTo("order-svc");
        // The mail's send continues the consume span's trace below it.
        assertThat(ancestors(trace, mail)).contains(consumed.path("id").asString());
        // Between them the relay's publish span: writer → relay → consumer.
        JsonNode published = spanWithId(trace, consumed.path("parentId").asString());
        assertThat(published.path("name").asString()).startsWith("publish order.");
        assertThat(published.path("kind").asString()).isEqualTo("PRODUCER");
        // Latency histograms carry exemplars that lead a Grafana panel to a trace.
        var scrape = new Api(platform.service("order-svc").url()).get("/actuator/prometheus", null, "Accept",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(scrape.text()).containsPattern(
                "http_server_requests_seconds_bucket\\{[^}]*\\} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"\\}");
        // A JSON log line of the send names the trace.
        String log = Files.readString(platform.service("notification-svc").log());
        assertThat(log.lines().filter(line -> line.startsWith("{") && line.contains(traceId) && line.contains(" sent")))
            .as("notification-svc's JSON log line of the send, with trace " + traceId).isNotEmpty();
    }

    @Test
    void aProblemCarriesTheTraceIdOfItsRequest() {
        String customer = shop.customer();
        String traceId = randomHex(16);

        var refused = api.post("/api/v1/orders", "{\"items\": 7}", customer, "Idempotency-Key", UUID.randomUUID().toString(),
                "Content-Type", "application/json", "traceparent", "00-" + traceId + "-" + randomHex(8) + "-01");

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("traceId").asString()).isEqualTo(traceId);
        var unknown = api.get("/api/v1/orders/" + UUID.randomUUID(), customer);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("traceId").asString()).matches("[0-9a-f]{32}");
    }

    /** notification-svc's span of consuming an order event, or null. */
    private static JsonNode consumeSpan(JsonNode trace) {
        JsonNode consumed = null;
        for (JsonNode span : trace) {
            if (span.path("name").asString().startsWith("consume order.")
                    && span.path("localEndpoint").path("serviceName").asString().equals("notification-svc")) {
                consumed = span;
            }
        }
        return consumed;
    }

    private static Set<String> serviceNames(JsonNode trace) {
        Set<String> names = new java.util.HashSet<>();
        trace.forEach(span -> names.add(span.path("localEndpoint").path("serviceName").asString()));
        return names;
    }

    private static JsonNode spanNamed(JsonNode trace, String name) {
        for (JsonNode span : trace) {
            if (span.path("name").asString().equals(name)) {
                return span;
            }
        }
        return null;
    }

    private static JsonNode spanWithId(JsonNode trace, String id) {
        for (JsonNode span : trace) {
            if (span.path("id").asString().equals(id)) {
                return span;
            }
        }
        return null;
    }

    private static List<String> ancestors(JsonNode trace, JsonNode span) {
        List<String> ids = new ArrayList<>();
        for (JsonNode at = span; at != null && !at.path("parentId").isMissingNode(); at = spanWithId(trace, at.path("parentId").asString())) {
            ids.add(at.path("parentId").asString());
        }
        return ids;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    @Test
    void twoHundredConcurrentCheckoutsOfFiftyUnitsConfirmExactlyFifty() throws Exception {
        String product = shop.product("3.00", "USD", 50);
        // Clients as they should be written: on a 202, a 5xx or a 409 "in flight" they send the same
        // request with the same key again until they get the decision.
        List<Api.Response> responses = concurrently(200, () -> decided(shop.customer(), UUID.randomUUID().toString(),
                Shop.order(product, 1, "pm_card_visa")));

        List<String> confirmed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Api.Response r : responses) {
            assertThat(r.status()).as(r.text()).isIn(201, 409);
            if (r.status() == 201) {
                assertThat(r.json().path("status").asString()).isEqualTo("CONFIRMED");
                confirmed.add(r.json().path("id").asString());
            }
            else {
                assertThat(r.json().path("type").asString()).endsWith("/insufficient-stock");
                refused.add(r.json().path("orderId").asString());
            }
        }
        assertThat(confirmed).hasSize(50);
        assertThat(refused).hasSize(150);
        assertThat(shop.stock(product)).containsExactly(0, 0);
        for (String id : confirmed) {
            var paid = api.get("/api/v1/payments/order/" + id, shop.admin());
            assertThat(paid.status()).isEqualTo(200);
            assertThat(paid.json().size()).isEqualTo(1);
            assertThat(paid.json().get(0).path("status").asString()).isEqualTo("succeeded");
        }
        for (String id : refused) {
            assertThat(api.get("/api/v1/payments/order/" + id, shop.admin()).status()).as("no charge for " + id).isEqualTo(404);
        }
        // Overload may have opened the gateway's breaker for order-svc; the next test needs it closed.
        await(() -> api.get("/api/v1/orders", shop.admin()).status() == 200 ? "closed" : null);
    }

    /**
     * Sends a checkout until it is decided (201 or 409 insufficient-stock), retrying with the same key
     * after a 202, a 5xx, a 409 "in flight" or no answer at all.
     */
    @Test
    void everyMetricTheChartsDashboardsAndAlertsQueryIsExportedByARunningService() throws Exception {
        Set<String> used = MetricNames.usedByTheChart(Path.of(System.getProperty("agora.services.dir")));
        // Guards the extraction itself: these are certainly queried.
        assertThat(used).hasSizeGreaterThan(20).contains("http_server_requests_seconds_bucket", "agora_outbox_backlog",
                "spring_cloud_gateway_requests_seconds_count", "process_start_time_seconds");
        // Traffic that makes the lazily registered meters appear: a sale, a decline, cached reads.
        String product = shop.product("3.00", "USD", 10);
        String customer = shop.customer();
        assertThat(shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa")).status())
            .isEqualTo(201);
        shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_declined"));
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/products/" + product, null).status()).isEqualTo(200);
        }
        Set<String> missing = new java.util.TreeSet<>(used);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            for (var service : platform.services()) {
                var scrape = new Api(service.url()).get("/actuator/prometheus", null);
                assertThat(scrape.status()).as(service.name()).isEqualTo(200);
                missing.removeAll(MetricNames.exported(scrape.text()));
            }
            if (!missing.isEmpty()) {
                sleep(1000);
            }
        }
        assertThat(missing).as("queried by helm/agora's dashboards or alerts but exported by no service").isEmpty();
    }

    private static Api.Response decided(String token, String key, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Api.Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = shop.checkout(token, key, body);
            }
            catch (java.io.UncheckedIOException timedOut) {
                // No answer in time: the outcome is unknown, which is what the key is for.
                sleep(1000);
                continue;
            }
            boolean inFlight = last.status() == 409 && last.json().path("type").asString().endsWith("/idempotency-key-in-flight");
            if (last.status() == 201 || (last.status() == 409 && !inFlight)) {
                return last;
            }
            sleep(1000);
        }
        return last;
    }

    @Test
    void twentyConcurrentRequestsWithOneIdempotencyKeyMakeOneOrderAndOneCharge() throws Exception {
        String product = shop.product("7.00", "USD", 10);
        UUID customerId = UUID.randomUUID();
        String customer = shop.customer(customerId);
        String key = UUID.randomUUID().toString();
        String body = Shop.order(product, 1, "pm_card_visa");
        List<Api.Response> responses = concurrently(20, () -> shop.checkout(customer, key, body));
        assertThat(responses).extracting(Api.Response::status).containsOnly(201, 409).contains(201);

        var replay = shop.checkout(customer, key, body);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        var mine = api.get("/api/v1/orders", customer);
        assertThat(mine.json().path("totalItems").asInt()).isEqualTo(1);
        String orderId = mine.json().path("items").get(0).path("id").asString();
        assertThat(replay.json().path("id").asString()).isEqualTo(orderId);
        assertThat(api.get("/api/v1/payments/order/" + orderId, customer).json().size()).isEqualTo(1);
        assertThat(shop.stock(product)).containsExactly(9, 0);

        var different = shop.checkout(customer, key, Shop.order(product, 2, "pm_card_visa"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.contentType()).startsWith("application/problem+json");
    }

    @Test
    void otherUsersCannotSeeCancelOrPayAnOrderAndTheWorkflowIsEnforced() {
        String product = shop.product("12.00", "USD", 10);
        String alice = shop.customer();
        String bob = shop.customer();
        JsonNode order = shop.checkout(alice, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa")).json();
        String id = order.path("id").asString();
        String paymentId = order.path("paymentId").asString();

        assertThat(api.get("/api/v1/orders/" + id, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/orders/" + id + "/history", bob).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("CANCELLED"), bob).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/" + paymentId, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments/order/" + id, bob).status()).isEqualTo(404);
        var pay = api.post("/api/v1/payments", Api.json(Map.of("orderId", id, "amount", Map.of("amount", "16.99", "currency",
                "USD"), "paymentMethod", "pm_card_visa")), bob, "Idempotency-Key", UUID.randomUUID().toString(),
                "Content-Type", "application/json");
        assertThat(pay.status()).as(pay.text()).isEqualTo(404);
        assertThat(api.get("/api/v1/orders", bob).json().path("totalItems").asInt()).isZero();
        // The vendor of its items sees it; admins see it.
        assertThat(api.get("/api/v1/orders/" + id, shop.vendor).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + id, shop.admin()).status()).isEqualTo(200);

        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("SHIPPED"), alice).status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("DELIVERED"), shop.admin()).status()).isEqualTo(409);
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("PENDING"), shop.admin()).status()).isEqualTo(409);
        // A vendor ships its own part, with the carrier's tracking number, not the whole order.
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("SHIPPED"), shop.vendor).status()).isEqualTo(403);
        var shipped = api.patch("/api/v1/orders/" + id + "/fulfilments/" + shop.vendorId,
                Api.json(Map.of("status", "SHIPPED", "carrier", "DHL Express", "trackingNumber", "JD0146000012345")), shop.vendor);
        assertThat(shipped.status()).as(shipped.text()).isEqualTo(200);
        assertThat(shipped.json().path("status").asString()).isEqualTo("SHIPPED");
        assertThat(api.get("/api/v1/orders/" + id, alice).json().path("fulfilments").get(0).path("trackingNumber").asString())
            .isEqualTo("JD0146000012345");
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("CANCELLED"), alice).status()).isEqualTo(409);
        assertThat(api.patch("/api/v1/orders/" + id + "/status", status("DELIVERED"), shop.admin()).status()).isEqualTo(200);
        var refunded = api.patch("/api/v1/orders/" + id + "/status", status("REFUNDED"), shop.admin());
        assertThat(refunded.status()).as(refunded.text()).isEqualTo(200);
        assertThat(api.get("/api/v1/payments/" + paymentId, alice).json().path("status").asString()).isEqualTo("refunded");
        assertThat(api.get("/api/v1/orders/" + id + "/history", alice).json().findValuesAsString("to"))
            .containsExactly("PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "REFUNDED");
    }

    @Test
    void aCustomerCancelsBeforeShippingAndGetsMoneyAndStockBack() {
        String product = shop.product("8.00", "USD", 5);
        String customer = shop.customer();
        JsonNode order = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 2, "pm_card_visa")).json();
        assertThat(shop.stock(product)).containsExactly(3, 0);
        var cancelled = api.patch("/api/v1/orders/" + order.path("id").asString() + "/status",
                Api.json(Map.of("status", "CANCELLED", "reason", "changed my mind")), customer);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        var payment = api.get("/api/v1/payments/" + order.path("paymentId").asString(), customer).json();
        assertThat(payment.path("status").asString()).isEqualTo("refunded");
        assertThat(payment.path("refunded").path("amount").asString()).isEqualTo(order.path("total").path("amount").asString());
        assertThat(shop.stock(product)).containsExactly(5, 0);
    }

    @Test
    void badInputIsA4xxProblemAndWritesNothing() {
        String usd = shop.product("5.00", "USD", 10);
        String gbp = shop.product("5.00", "GBP", 10);
        String archived = shop.product("5.00", "USD", 10);
        assertThat(api.delete("/api/v1/products/" + archived, shop.vendor).status()).isEqualTo(204);
        String customer = shop.customer();
        List<Map<String, Object>> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(Map.of("productId", UUID.randomUUID(), "quantity", 1));
        }
        Map<String, String> cases = Map.of(
                "zero quantity", Shop.order(usd, 0, "pm_card_visa"),
                "negative quantity", Shop.order(usd, -1, "pm_card_visa"),
                "1,000 lines", Api.json(Map.of("items", thousand, "shippingAddress", Shop.address(), "paymentMethod", "pm_card_visa")),
                "unknown product", Shop.order(UUID.randomUUID().toString(), 1, "pm_card_visa"),
                "archived product", Shop.order(archived, 1, "pm_card_visa"),
                "currency mismatch", Api.json(Map.of("items", List.of(Map.of("productId", usd, "quantity", 1),
                        Map.of("productId", gbp, "quantity", 1)), "shippingAddress", Shop.address(), "paymentMethod", "pm_card_visa")),
                "raw card number", Shop.order(usd, 1, "4242 4242 4242 4242"),
                "no address", Api.json(Map.of("items", List.of(Map.of("productId", usd, "quantity", 1)), "paymentMethod", "pm_card_visa")));
        cases.forEach((name, body) -> {
            var response = shop.checkout(customer, UUID.randomUUID().toString(), body);
            assertThat(response.status()).as(name + ": " + response.text()).isBetween(400, 499);
            assertThat(response.contentType()).as(name).startsWith("application/problem+json");
            assertThat(response.text()).as(name).doesNotContain("4242 4242");
        });
        var noKey = api.post("/api/v1/orders", Shop.order(usd, 1, "pm_card_visa"), customer);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders", customer).json().path("totalItems").asInt()).isZero();
        assertThat(shop.stock(usd)).containsExactly(10, 0);
    }

    @Test
    void anOrderServiceKilledMidCheckoutFinishesItOnRestartWithBalancedBooks() throws Exception {
        String product = shop.product("20.00", "USD", 3);
        String customer = shop.customer();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            // The slow card keeps the charge in flight for 5 s: order-svc dies while payment-svc charges.
            Future<Api.Response> lost = background.submit(() -> shop.checkout(customer, UUID.randomUUID().toString(),
                    Shop.order(product, 1, "pm_card_slow")));
            String orderId = await(() -> {
                JsonNode items = api.get("/api/v1/orders", customer).json().path("items");
                return items.isEmpty() ? null : items.get(0).path("id").asString();
            });
            await(() -> api.get("/api/v1/payments/order/" + orderId, shop.admin()).status() == 200 ? "charging" : null);
            platform.service("order-svc").kill();
            assertThat(lost.get().status()).isGreaterThanOrEqualTo(500);

            platform.service("order-svc").start();
            platform.service("order-svc").awaitReady(Duration.ofMinutes(2));
            String status = await(() -> {
                var now = api.get("/api/v1/orders/" + orderId, customer);
                String s = now.status() == 200 ? now.json().path("status").asString() : "PENDING";
                return s.equals("PENDING") ? null : s;
            });
            assertThat(status).isIn("CONFIRMED", "CANCELLED");
            JsonNode order = api.get("/api/v1/orders/" + orderId, customer).json();
            JsonNode payment = api.get("/api/v1/payments/order/" + orderId, shop.admin()).json().get(0);
            BigDecimal charged = new BigDecimal(payment.path("amount").path("amount").asString());
            BigDecimal refunded = new BigDecimal(payment.path("refunded").path("amount").asString());
            BigDecimal confirmedTotal = status.equals("CONFIRMED") ? new BigDecimal(order.path("total").path("amount").asString())
                    : BigDecimal.ZERO;
            // Books balanced: what was charged is the confirmed order's total plus what went back.
            assertThat(charged).isEqualByComparingTo(confirmedTotal.add(refunded));
            assertThat(shop.stock(product)).containsExactly(status.equals("CONFIRMED") ? 2 : 3, 0);
        }
        finally {
            background.shutdownNow();
            if (!platform.service("order-svc").isRunning()) {
                platform.service("order-svc").start();
                platform.service("order-svc").awaitReady(Duration.ofMinutes(2));
            }
        }
    }

    @Test
    void confirmationsPlacedWhileNotificationServiceIsDownAreAllMailedOnceWhenItIsBack() throws Exception {
        String email = "buyer-" + UUID.randomUUID() + "@example.com";
        String customer = Accounts.verifiedCustomer(api, platform.mailbox(), "Buyer", email, "a perfectly fine passphrase");
        // The welcome email shows notification-svc knows the address.
        await(() -> mails(email, "Welcome") == 1 ? "welcomed" : null);

        String product = shop.product("2.00", "USD", 150);
        platform.service("notification-svc").stop();
        try {
            List<Api.Response> placed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                var response = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa"));
                assertThat(response.status()).as(response.text()).isEqualTo(201);
                placed.add(response);
            }
            assertThat(placed).hasSize(100);
            assertThat(mails(email, "is confirmed")).isZero();
        }
        finally {
            platform.service("notification-svc").start();
            platform.service("notification-svc").awaitReady(Duration.ofMinutes(2));
        }
        await(() -> mails(email, "is confirmed") >= 100 ? "all sent" : null);
        // Nothing more trickles in: each confirmation was mailed exactly once.
        Thread.sleep(3000);
        assertThat(mails(email, "is confirmed")).isEqualTo(100);

        // The in-app copies are the buyer's alone.
        var inbox = api.get("/api/v1/notifications/me?unread=true&size=100", customer);
        assertThat(inbox.status()).as(inbox.text()).isEqualTo(200);
        assertThat(inbox.json().path("totalItems").asInt()).isEqualTo(101);
        String notification = inbox.json().path("items").get(0).path("id").asString();
        String other = shop.customer();
        assertThat(api.get("/api/v1/notifications/" + notification, other).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/notifications/" + notification + "/read", "", other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/notifications/me", other).json().path("totalItems").asInt()).isZero();
        assertThat(api.post("/api/v1/notifications/" + notification + "/read", "", customer).status()).isEqualTo(200);
    }

    @Test
    void aCustomerWhoBoughtAProductWritesAVerifiedReviewThatTheSummaryAndTheDashboardShow() throws Exception {
        String buyer = Accounts.verifiedCustomer(api, platform.mailbox(), "Rosalind", "rosalind-" + UUID.randomUUID() + "@example.com",
                "a perfectly fine passphrase");
        String product = shop.product("15.00", "USD", 5);
        var order = shop.checkout(buyer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa"));
        assertThat(order.status()).as(order.text()).isEqualTo(201);

        var review = api.post("/api/v1/reviews", Api.json(Map.of("productId", product, "rating", 4, "title", "Sturdy",
                "body", "Arrived quickly.")), buyer);
        assertThat(review.status()).as(review.text()).isEqualTo(201);
        assertThat(review.json().path("verifiedPurchase").asBoolean()).isTrue();
        assertThat(review.json().path("authorName").asString()).isEqualTo("Rosalind");
        var stranger = api.post("/api/v1/reviews", Api.json(Map.of("productId", product, "rating", 2, "title", "Meh",
                "body", "Never bought it.")), shop.customer());
        assertThat(stranger.json().path("verifiedPurchase").asBoolean()).isFalse();

        var summary = api.get("/api/v1/reviews/product/" + product + "/summary", null);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.json().path("count").asInt()).isEqualTo(2);
        assertThat(summary.json().path("average").decimalValue()).isEqualByComparingTo("3.00");
        var verified = api.get("/api/v1/reviews/product/" + product + "?verified=true", null);
        assertThat(verified.json().path("totalItems").asInt()).isEqualTo(1);

        // analytics-svc follows the order and the review over the event streams.
        String buyerId = api.get("/api/v1/users/me", buyer).json().path("id").asString();
        await(() -> {
            var activity = api.get("/api/v1/analytics/users/" + buyerId, buyer).json();
            return activity.path("orders").asInt() == 1 && activity.path("eventsByType").path("review_created").asInt() == 1
                    ? "seen" : null;
        });
        var activity = api.get("/api/v1/analytics/users/" + buyerId, buyer).json();
        assertThat(activity.path("revenue").get(0).path("amount").asString()).isEqualTo("19.99");
        assertThat(api.get("/api/v1/analytics/users/" + buyerId, shop.customer()).status()).isEqualTo(404);
        java.time.Instant day = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        String dashboard = "/api/v1/analytics/dashboard?from=" + day + "&to=" + day.plus(Duration.ofDays(1));
        assertThat(api.get(dashboard, buyer).status()).isEqualTo(403);
        var board = api.get(dashboard, shop.admin());
        assertThat(board.status()).as(board.text()).isEqualTo(200);
        assertThat(board.json().path("topSelling").findValuesAsString("productId")).isNotEmpty();
        assertThat(board.json().path("eventsByType").findValuesAsString("type")).contains("order_confirmed", "review_created");
    }

    @Test
    void aShopperWhoHasNotConfirmedTheirAddressIsStoppedAtCheckoutUntilTheyFollowTheLink() throws Exception {
        String email = "unconfirmed-" + UUID.randomUUID() + "@example.com";
        var signup = api.post("/api/v1/auth/signup", Api.json(Map.of("name", "Noor", "email", email, "password",
                "a perfectly fine passphrase")), null);
        assertThat(signup.status()).as(signup.text()).isEqualTo(201);
        String customer = signup.json().path("accessToken").asString();
        assertThat(signup.json().path("user").path("emailVerified").asBoolean()).isFalse();
        String product = shop.product("9.00", "USD", 5);

        var refused = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.json().path("type").asString()).endsWith("/email-unverified");
        assertThat(shop.stock(product)).containsExactly(5, 0);

        // A second link, then the third is refused until the hour is over.
        assertThat(api.post("/api/v1/users/me/email-verification", "", customer).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/users/me/email-verification", "", customer).status()).isEqualTo(202);
        var limited = api.post("/api/v1/users/me/email-verification", "", customer);
        assertThat(limited.status()).as(limited.text()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        await(() -> mails(email, "Confirm your email") == 3 ? "three links" : null);

        Accounts.verify(api, platform.mailbox(), email);
        assertThat(api.get("/api/v1/users/me", customer).json().path("emailVerified").asBoolean()).isTrue();
        // The token from before the link says otherwise; order-svc asks user-svc and lets the buyer through.
        var placed = shop.checkout(customer, UUID.randomUUID().toString(), Shop.order(product, 1, "pm_card_visa"));
        assertThat(placed.status()).as(placed.text()).isEqualTo(201);
        assertThat(placed.json().path("status").asString()).isEqualTo("CONFIRMED");
    }

    private static long mails(String to, String subjectPart) {
        return java.util.Arrays.stream(platform.mailbox().getReceivedMessages()).filter(m -> {
            try {
                return java.util.Arrays.toString(m.getAllRecipients()).contains(to) && m.getSubject().contains(subjectPart);
            }
            catch (jakarta.mail.MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }).count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String status(String status) {
        return Api.json(Map.of("status", status));
    }

    private static List<Api.Response> concurrently(int n, Supplier<Api.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.get();
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** Polls until {@code probe} answers non-null, for at most 60 s. */
    private static String await(Supplier<String> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 60 s");
    }
}
