package dev.agora.e2e;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.agora.devstack.Platform;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: a steady checkout load from real customers while, in turn, every service is
 * SIGKILLed and restarted, payment-svc is frozen (SIGSTOP) for 20 s, Redis and PostgreSQL are
 * restarted, and payment-svc's answers to order-svc are dropped for 10 s. Afterwards the books are
 * read back from every service's public and internal API and must balance exactly: every
 * CONFIRMED order has one captured, unrefunded payment of its total and a committed reservation;
 * every CANCELLED or PAYMENT_FAILED order kept no money and holds no stock; stock on hand is the
 * initial stock less what confirmed orders took; every confirmation was mailed exactly once; and
 * nothing is left PENDING.
 */
class FaultIT {

    private static final Logger log = LoggerFactory.getLogger(FaultIT.class);
    private static final TokenForge FORGE = TokenForge.newKey("fault-suite");
    private static final String PASSWORD = "a perfectly fine passphrase";
    // Mostly cards that pay, some that decline, and the slow one that keeps charges in flight.
    private static final List<String> TOKENS = List.of("pm_card_visa", "pm_card_visa", "pm_card_mastercard", "pm_card_amex",
            "pm_card_slow", "pm_card_declined", "pm_card_insufficient_funds", "pm_card_processing_error");

    private static Platform platform;
    private static FaultyProxy payments;
    private static Api api;
    private static Shop shop;

    private record Customer(String email, String token) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(Path.of(System.getProperty("agora.services.dir"), "devstack", "target"),
                "faults-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        payments = new FaultyProxy();
        Map<String, String> consumer = Map.of("AGORA_EVENTS_CLAIMIDLE", "5s");
        platform = new Platform(new Platform.Options(Path.of(System.getProperty("agora.services.dir")),
                System.getProperty("agora.version"), data, false, Map.of(), FORGE.privateKeyPem(), Map.of(
                        "gateway", Map.of("AGORA_RATELIMIT_REPLENISHRATE", "100000", "AGORA_RATELIMIT_BURSTCAPACITY", "200000"),
                        "user-svc", Map.of("AGORA_AUTH_ACTIVEKEYID", FORGE.kid(), "AGORA_AUTH_KEYS_0_ID", FORGE.kid()),
                        // order-svc reaches payment-svc through the proxy that can drop its answers.
                        "order-svc", Map.of("AGORA_SERVICES_PAYMENT_URI", "http://127.0.0.1:" + payments.port(),
                                "AGORA_ORDERS_SAGALEASE", "5s", "AGORA_ORDERS_RECOVERYINTERVAL", "500ms",
                                "AGORA_ORDERS_SAGARETRYMAXDELAY", "5s", "AGORA_EVENTS_CLAIMIDLE", "5s"),
                        "payment-svc", Map.of("AGORA_PAYMENTS_PENDINGTIMEOUT", "10s", "AGORA_PAYMENTS_SWEEPINTERVAL", "2s",
                                "AGORA_PAYMENTS_SIMULATEDSLOWDELAY", "2s"),
                        "notification-svc", Map.of("AGORA_EVENTS_CLAIMIDLE", "5s", "AGORA_NOTIFICATIONS_RETRYDELAY", "2s"),
                        "product-svc", consumer, "review-svc", consumer, "analytics-svc", consumer)));
        platform.start();
        payments.target(platform.service("payment-svc").port());
        api = new Api(platform.gatewayUrl());
        shop = new Shop(api, FORGE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (payments != null) {
            payments.close();
        }
    }

    @Test
    void theBooksBalanceAfterEveryKindOfFault() throws Exception {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String email = "shopper-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            customers.add(new Customer(email, Accounts.verifiedCustomer(api, platform.mailbox(), "Shopper " + i, email, PASSWORD)));
        }
        Map<String, Integer> initialStock = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            // A fifth of the products nearly sold out, so the load also meets missing stock; the rest
            // last the whole run, so checkouts keep charging and confirming through every fault.
            int stock = i % 5 == 0 ? 3 : 300;
            initialStock.put(shop.product((3 + i % 37) + ".50", "USD", stock), stock);
        }
        List<String> products = new ArrayList<>(initialStock.keySet());

        Instant loadStarted = Instant.now();
        Load load = new Load(customers, products);
        // Three clients keep a steady stream without starving the restarts of CPU on a 2-core machine.
        load.start(3);
        List<String> faults = new ArrayList<>();
        try {
            sleep(Duration.ofSeconds(5));
            for (var service : platform.services()) {
                service.kill();
                faults.add("SIGKILL " + service.name());
                sleep(Duration.ofSeconds(1));
                service.start();
                service.awaitReady(Duration.ofMinutes(2));
                sleep(Duration.ofSeconds(2));
            }
            platform.service("payment-svc").pause();
            faults.add("SIGSTOP payment-svc for 20 s");
            sleep(Duration.ofSeconds(20));
            platform.service("payment-svc").resume();
            sleep(Duration.ofSeconds(3));
            platform.restartRedis(Duration.ofSeconds(3));
            faults.add("Redis restarted");
            sleep(Duration.ofSeconds(5));
            platform.restartPostgres(Duration.ofSeconds(3));
            faults.add("PostgreSQL restarted");
            sleep(Duration.ofSeconds(8));
            payments.dropResponses(true);
            faults.add("payment-svc's answers to order-svc dropped for 10 s");
            sleep(Duration.ofSeconds(10));
            payments.dropResponses(false);
            sleep(Duration.ofSeconds(10));
        }
        finally {
            payments.dropResponses(false);
            load.stop();
        }
        Duration underFaults = Duration.between(loadStarted, Instant.now());
        log.info("Load: {} checkouts decided, {} left undecided by the client in {} s; faults: {}", load.decided.get(),
                load.undecided.get(), underFaults.toSeconds(), faults);
        Instant recoveryStarted = Instant.now();

        // Recovery window: sagas, sweepers and consumers finish what the faults interrupted.
        // Minted now: a token from before the load may have expired by the time the books are read.
        String admin = FORGE.draft(UUID.randomUUID(), "admin").sign();
        await(Duration.ofMinutes(4), () -> api.get("/api/v1/orders?status=PENDING&size=1", admin).json()
            .path("totalItems").asInt() == 0);

        Books books = readBooks(admin);
        Map<String, Integer> confirmedQuantities = new ConcurrentHashMap<>();
        List<String> violations = new ArrayList<>();
        for (JsonNode order : books.orders) {
            check(order, books, confirmedQuantities, violations);
        }
        for (var product : initialStock.entrySet()) {
            var stock = api.get("/api/v1/inventory/" + product.getKey(), admin).json();
            int expected = product.getValue() - confirmedQuantities.getOrDefault(product.getKey(), 0);
            if (stock.path("onHand").asInt() != expected || stock.path("reserved").asInt() != 0) {
                violations.add("product " + product.getKey() + ": on hand " + stock.path("onHand").asInt() + ", reserved "
                        + stock.path("reserved").asInt() + "; expected " + expected + " on hand, none reserved");
            }
            // The same at each location: the levels add up to the totals, none reserved anywhere.
            int atLocations = 0;
            for (JsonNode level : stock.path("locations")) {
                atLocations += level.path("onHand").asInt();
                if (level.path("reserved").asInt() != 0) {
                    violations.add("product " + product.getKey() + " at " + level.path("name").asString() + ": reserved "
                            + level.path("reserved").asInt());
                }
            }
            if (atLocations != stock.path("onHand").asInt()) {
                violations.add("product " + product.getKey() + ": locations hold " + atLocations + ", the total says "
                        + stock.path("onHand").asInt());
            }
        }

        // Every confirmation mailed exactly once: wait for the outbox and the mailer to catch up, then count.
        List<JsonNode> confirmed = books.orders.stream().filter(o -> o.path("status").asString().equals("CONFIRMED")).toList();
        await(Duration.ofMinutes(3), () -> confirmations().values().stream().filter(n -> n > 0).count() >= confirmed.size());
        sleep(Duration.ofSeconds(5));
        Map<String, Integer> mailed = confirmations();
        int lost = 0;
        int duplicates = 0;
        for (JsonNode order : confirmed) {
            int n = mailed.getOrDefault(order.path("reference").asString(), 0);
            if (n == 0) {
                lost++;
                violations.add("order " + order.path("reference").asString() + ": no confirmation email");
            }
            else if (n > 1) {
                duplicates++;
                violations.add("order " + order.path("reference").asString() + ": " + n + " confirmation emails");
            }
        }

        long count = books.orders.size();
        Duration recovery = Duration.between(recoveryStarted, Instant.now());
        String summary = "Fault suite: %d orders placed (%d confirmed, %d cancelled, %d payment failed) by %d customers over %d products; "
            .formatted(count, confirmed.size(), books.count("CANCELLED"), books.count("PAYMENT_FAILED"), customers.size(),
                    products.size())
                + "%d faults injected in %d s of load; books read and checked %d s later; ".formatted(faults.size(),
                        underFaults.toSeconds(), recovery.toSeconds())
                + "invariant violations = %d, emails lost = %d, duplicates = %d".formatted(violations.size(), lost, duplicates);
        log.info(summary);
        violations.forEach(v -> log.error("Violation: {}", v));
        Files.writeString(Path.of(System.getProperty("agora.services.dir"), "devstack", "target", "fault-suite.txt"),
                Instant.now() + "\n" + summary + "\nFaults: " + faults + "\n" + String.join("\n", violations) + "\n");
        System.out.println(summary);

        assertThat(faults).hasSize(platform.services().size() + 4);
        assertThat(confirmed).as("the load confirmed orders").isNotEmpty();
        assertThat(books.count("PAYMENT_FAILED")).as("declines in the load").isPositive();
        assertThat(violations).as(summary).isEmpty();
    }

    /** One order's books: its payments and its reservation, as payment-svc and inventory-svc tell them. */
    private void check(JsonNode order, Books books, Map<String, Integer> confirmedQuantities, List<String> violations) {
        String id = order.path("id").asString();
        String ref = order.path("reference").asString() + " (" + id + ")";
        String status = order.path("status").asString();
        BigDecimal total = new BigDecimal(order.path("total").path("amount").asString());
        var paymentsOfOrder = api.get("/api/v1/payments/order/" + id, books.admin);
        List<JsonNode> list = new ArrayList<>();
        if (paymentsOfOrder.status() == 200) {
            paymentsOfOrder.json().forEach(list::add);
        }
        else if (paymentsOfOrder.status() != 404) {
            violations.add("order " + ref + ": payments unreadable (" + paymentsOfOrder.status() + ")");
            return;
        }
        var reservation = new Api(platform.service("inventory-svc").url()).get("/internal/reservations/" + id, FORGE.service());
        String held = reservation.status() == 404 ? "none" : reservation.json().path("status").asString();
        BigDecimal kept = BigDecimal.ZERO;
        int captured = 0;
        for (JsonNode p : list) {
            String ps = p.path("status").asString();
            BigDecimal amount = new BigDecimal(p.path("amount").path("amount").asString());
            BigDecimal refunded = new BigDecimal(p.path("refunded").path("amount").asString());
            if (ps.equals("pending")) {
                violations.add("order " + ref + ": payment " + p.path("id").asString() + " still pending");
            }
            if (ps.equals("succeeded") || ps.equals("partially_refunded") || ps.equals("refunded")) {
                kept = kept.add(amount.subtract(refunded));
                if (ps.equals("succeeded") && amount.compareTo(total) == 0) {
                    captured++;
                }
            }
        }
        switch (status) {
            case "CONFIRMED" -> {
                if (captured != 1 || kept.compareTo(total) != 0) {
                    violations.add("order " + ref + " CONFIRMED: " + captured + " captured payments of its total, " + kept
                            + " kept of " + total);
                }
                if (!held.equals("committed")) {
                    violations.add("order " + ref + " CONFIRMED: reservation " + held);
                }
                order.path("items").forEach(item -> confirmedQuantities.merge(item.path("productId").asString(),
                        item.path("quantity").asInt(), Integer::sum));
            }
            case "CANCELLED", "PAYMENT_FAILED" -> {
                if (kept.signum() != 0) {
                    violations.add("order " + ref + " " + status + ": kept " + kept);
                }
                if (!held.equals("none") && !held.equals("released")) {
                    violations.add("order " + ref + " " + status + ": reservation " + held);
                }
            }
            default -> violations.add("order " + ref + " left " + status);
        }
    }

    /** Every order, as an admin reads them. */
    private record Books(String admin, List<JsonNode> orders) {

        long count(String status) {
            return orders.stream().filter(o -> o.path("status").asString().equals(status)).count();
        }
    }

    private Books readBooks(String admin) {
        List<JsonNode> orders = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode body = api.get("/api/v1/orders?size=100&page=" + page, admin).json();
            body.path("items").forEach(orders::add);
            if (page + 1 >= body.path("totalPages").asInt()) {
                break;
            }
        }
        return new Books(admin, orders);
    }

    /** Confirmation emails received, by the order reference in their subject. */
    private static Map<String, Integer> confirmations() {
        Map<String, Integer> byReference = new LinkedHashMap<>();
        for (MimeMessage message : platform.mailbox().getReceivedMessages()) {
            try {
                String subject = message.getSubject();
                if (subject != null && subject.endsWith("is confirmed")) {
                    String reference = subject.replace("Your order ", "").replace(" is confirmed", "").trim();
                    byReference.merge(reference, 1, Integer::sum);
                }
            }
            catch (MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return byReference;
    }

    /**
     * Clients as they should be written: each checkout has its own idempotency key, and on a 202, a
     * 5xx, a 409 "in flight" or no answer it is sent again with the same key until it is decided.
     */
    private static final class Load {

        private final List<Customer> customers;
        private final List<String> products;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger decided = new AtomicInteger();
        private final AtomicInteger undecided = new AtomicInteger();
        private ExecutorService workers;

        Load(List<Customer> customers, List<String> products) {
            this.customers = customers;
            this.products = products;
        }

        void start(int threads) {
            workers = Executors.newFixedThreadPool(threads);
            for (int i = 0; i < threads; i++) {
                workers.submit(this::run);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            workers.shutdown();
            // A checkout in progress is finished by its client: give them time to get their answers.
            workers.awaitTermination(3, TimeUnit.MINUTES);
        }

        private void run() {
            while (running.get()) {
                var random = ThreadLocalRandom.current();
                Customer customer = customers.get(random.nextInt(customers.size()));
                List<Map<String, Object>> lines = new ArrayList<>();
                List<String> picked = new ArrayList<>(products);
                java.util.Collections.shuffle(picked, random);
                for (String product : picked.subList(0, 1 + random.nextInt(3))) {
                    lines.add(Map.of("productId", product, "quantity", 1 + random.nextInt(2)));
                }
                String body = Api.json(Map.of("items", lines, "shippingAddress", Shop.address(), "paymentMethod",
                        TOKENS.get(random.nextInt(TOKENS.size()))));
                if (decide(customer.token(), UUID.randomUUID().toString(), body)) {
                    decided.incrementAndGet();
                }
                else {
                    undecided.incrementAndGet();
                }
                sleep(Duration.ofMillis(200));
            }
        }

        private boolean decide(String token, String key, String body) {
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    var answer = shop.checkout(token, key, body);
                    boolean inFlight = answer.status() == 409 && answer.text().contains("idempotency-key-in-flight");
                    if (answer.status() == 201 || (answer.status() >= 400 && answer.status() < 500 && !inFlight
                            && answer.status() != 429)) {
                        return true;
                    }
                }
                catch (UncheckedIOException | IllegalStateException noAnswer) {
                    // The gateway was down or the answer never came: same key again.
                }
                sleep(Duration.ofMillis(500));
            }
            return false;
        }
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            catch (RuntimeException notYet) {
                // A service still recovering: ask again.
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
