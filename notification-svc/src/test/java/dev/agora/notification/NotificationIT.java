package dev.agora.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.r2dbc.spi.ConnectionFactory;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.defaults.r2dbc.PgNotifications;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.Ports;
import dev.agora.testsupport.SqlStatements;
import dev.agora.testsupport.StreamEvents;
import dev.agora.testsupport.StubServer;
import dev.agora.testsupport.TcpForwarder;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-svc over real PostgreSQL, Redis Streams and SMTP (GreenMail), fed with events as the
 * producers' relays write them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.service-client.client-id=notification-svc", "agora.service-client.client-secret=test-secret-0123456789",
        "agora.notifications.poll-interval=100ms", "agora.notifications.retry-delay=100ms",
        "agora.notifications.max-attempts=2", "agora.events.poll-interval=100ms",
        "agora.notifications.low-stock-digest-delay=2s", "agora.notifications.low-stock-digest-interval=4s", "agora.events.claim-idle=300ms",
        "agora.events.max-deliveries=2", "agora.notifications.web-url=https://shop.example.test/",
        // The vendor directory is made to fail on purpose below; that must not open the breaker for the other tests.
        "agora.service-client.resilience.minimum-calls=1000" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores
@Import(SqlStatements.class)
class NotificationIT {

    static final TokenForge FORGE = TokenForge.newKey("notification-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);
    static final StubServer PRODUCTS = new StubServer();
    static final GreenMail SMTP = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", "smtp"));
    static final Path TEMPLATES = tempDir();

    /** Between notification-svc and GreenMail, to count and drop SMTP connections. */
    static final TcpForwarder SMTP_LINK;

    static {
        SMTP.start();
        SMTP_LINK = TcpForwarder.to(SMTP.getSmtp().getPort());
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    DatabaseClient db;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    SqlStatements statements;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("agora.services.product.uri", PRODUCTS::url);
        registry.add("spring.mail.port", SMTP_LINK::port);
        registry.add("agora.notifications.template-dir", TEMPLATES::toString);
    }

    @AfterAll
    static void close() {
        SMTP_LINK.close();
        SMTP.stop();
        PRODUCTS.close();
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void queuingAnEmailWakesTheSenderInsteadOfWaitingForItsNextLook() {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        var listening = PgNotifications.listen(connections, "agora_email").subscribe(notices::add);
        try {
            // The first element says it listens; anything after it is a queued email's commit.
            await().atMost(Duration.ofSeconds(10)).until(() -> notices.size() == 1);

            registered("wake-" + UUID.randomUUID() + "@example.com", "Wake");

            await().atMost(Duration.ofSeconds(10)).until(() -> notices.size() > 1);
        }
        finally {
            listening.dispose();
        }
    }

    @Test
    void welcomesANewUserByEmailAndInTheInbox() {
        UUID user = registered("ada-" + UUID.randomUUID() + "@example.com", "Ada");
        String address = addressOf(user);
        MimeMessage welcome = awaitMail(address, 1).getFirst();
        assertThat(subject(welcome)).isEqualTo("Welcome to Agora, Ada");
        inbox(user, false).jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].subject").isEqualTo("Welcome to Agora");
    }

    @Test
    void writesANotificationsEmailAndInboxMessageTogetherReadsItsAddressWithItsClaimAndRecordsItsSendingInOneStatement() {
        UUID user = registered("lovelace-" + UUID.randomUUID() + "@example.com", "Ada");
        awaitMail(addressOf(user), 1);
        UUID email = await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("""
                SELECT id FROM notifications WHERE user_id = :u AND channel = 'email' AND status = 'sent'""")
            .bind("u", user).map((row, meta) -> row.get("id", UUID.class)).one().block(Duration.ofSeconds(5)), id -> id != null);
        List<String> recording = statements.about(email);

        assertThat(statements.about(user)).filteredOn(sql -> sql.startsWith("INSERT INTO notifications")).hasSize(1);
        // Sent to the user's address, which the claim of the email read: no statement of its own.
        assertThat(statements.about(user)).noneMatch(sql -> sql.contains("SELECT email FROM recipients"));
        // The attempt and the email's new status are written by one statement: both or neither.
        assertThat(recording).filteredOn(sql -> sql.contains("delivery_attempts")).singleElement()
            .satisfies(sql -> assertThat(sql).contains("UPDATE notifications"));
        assertThat(db.sql("SELECT count(*) FROM delivery_attempts WHERE notification_id = :n AND succeeded").bind("n", email)
            .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5))).isEqualTo(1L);
        assertThat(db.sql("SELECT channel FROM notifications WHERE user_id = :u ORDER BY channel").bind("u", user)
            .map((row, meta) -> row.get("channel", String.class)).all().collectList().block(Duration.ofSeconds(5)))
            .containsExactly("email", "in_app");
    }

    @Test
    void sendsEmailsOneAfterAnotherOverOneKeptSmtpConnection() {
        UUID user = registered("kept-" + UUID.randomUUID() + "@example.com", "Kept");
        awaitMail(addressOf(user), 1);
        int opened = SMTP_LINK.accepted();

        for (int i = 1; i <= 4; i++) {
            sendDirect(user, "Kept " + i);
            awaitMail(addressOf(user), 1 + i);
        }

        // The welcome's connection carries the four (one more if it went stale in between), not one each.
        assertThat(SMTP_LINK.accepted() - opened).isLessThanOrEqualTo(1);
    }

    @Test
    void anEmailWhoseKeptConnectionTheServerDroppedIsSentAtItsFirstAttemptOverANewOne() {
        UUID user = registered("dropped-" + UUID.randomUUID() + "@example.com", "Dropped");
        awaitMail(addressOf(user), 1);
        SMTP_LINK.dropAll();
        int opened = SMTP_LINK.accepted();
        String subject = "After a drop " + UUID.randomUUID();

        sendDirect(user, subject);

        awaitMail(addressOf(user), 2);
        UUID email = await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("""
                SELECT id FROM notifications WHERE subject = :s AND channel = 'email' AND status = 'sent'""")
            .bind("s", subject).map((row, meta) -> row.get("id", UUID.class)).one().block(Duration.ofSeconds(5)), id -> id != null);
        assertThat(db.sql("SELECT succeeded FROM delivery_attempts WHERE notification_id = :n").bind("n", email)
            .map((row, meta) -> row.get(0, Boolean.class)).all().collectList().block(Duration.ofSeconds(5)))
            .containsExactly(true);
        assertThat(SMTP_LINK.accepted() - opened).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
            .filter(m -> subject(m).equals(subject)).count() == 1);
    }

    @Test
    void anOrderConfirmationReachesItsCustomerAndNobodyElseSeesIt() {
        UUID user = registered("grace-" + UUID.randomUUID() + "@example.com", "Grace");
        UUID order = UUID.randomUUID();
        String ref = "AG-" + order.toString().substring(0, 4).toUpperCase() + "-7KQ2";
        publish("agora:events:orders", "order.confirmed", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "CONFIRMED",
                "total", Map.of("amount", "24.99", "currency", "USD"), "items", List.of(Map.of("productId", UUID.randomUUID(),
                        "name", "Lamp <b>", "quantity", 2, "unitPrice", Map.of("amount", "10.00", "currency", "USD")))));
        MimeMessage mail = awaitMail(addressOf(user), 2).stream().filter(m -> subject(m).contains(ref)).findFirst().orElseThrow();
        assertThat(subject(mail)).isEqualTo("Your order " + ref + " is confirmed");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("24.99 USD").contains("Lamp &lt;b&gt;");

        String id = await().atMost(Duration.ofSeconds(10)).until(() -> firstUnreadOrder(user), found -> found != null);
        http.post().uri("/api/v1/notifications/{id}/read", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/notifications/{id}", id).headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isNotFound();
        http.post().uri("/api/v1/notifications/{id}/read", id).headers(h -> h.setBearerAuth(customer(user)))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.read").isEqualTo(true);
        inbox(user, true).jsonPath("$.items[?(@.id == '" + id + "')]").doesNotExist();
    }

    @Test
    void eachParcelsEmailNamesItsItemsCarrierAndTrackingNumber() {
        UUID user = registered("hopper-" + UUID.randomUUID() + "@example.com", "Grace");
        UUID order = UUID.randomUUID();
        String ref = "AG-" + order.toString().substring(0, 4).toUpperCase() + "-8PQ3";
        Map<String, Object> lamp = Map.of("productId", UUID.randomUUID(), "name", "Desk lamp", "quantity", 2,
                "unitPrice", Map.of("amount", "10.00", "currency", "USD"));
        Map<String, Object> rug = Map.of("productId", UUID.randomUUID(), "name", "Wool rug", "quantity", 1,
                "unitPrice", Map.of("amount", "70.00", "currency", "USD"));
        publish("agora:events:orders", "order.partially_shipped", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "PARTIALLY_SHIPPED", "total", Map.of("amount", "90.00", "currency", "USD"), "items", List.of(lamp, rug),
                "shipment", Map.of("vendorId", UUID.randomUUID(), "carrier", "DHL Express", "trackingNumber", "JD0146000012345",
                        "items", List.of(lamp))));
        publish("agora:events:orders", "order.shipped", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "SHIPPED", "total", Map.of("amount", "90.00", "currency", "USD"), "items", List.of(lamp, rug),
                "shipment", Map.of("vendorId", UUID.randomUUID(), "items", List.of(rug))));

        List<MimeMessage> mails = awaitMail(addressOf(user), 3);
        String partly = body(mails, "Part of your order " + ref + " is on its way");
        assertThat(partly).contains("2 x Desk lamp", "Carrier: DHL Express", "Tracking number: JD0146000012345")
            .doesNotContain("Wool rug");
        String rest = body(mails, "Your order " + ref + " is on its way");
        assertThat(rest).contains("1 x Wool rug").doesNotContain("Desk lamp", "Carrier:", "Tracking number:");
    }

    @Test
    void eachVendorOfAConfirmedOrderHearsOfItsOwnPartOnly() {
        UUID user = registered("lamarr-" + UUID.randomUUID() + "@example.com", "Hedy");
        UUID[] vendors = { UUID.randomUUID(), UUID.randomUUID() };
        UUID[] owners = { UUID.randomUUID(), UUID.randomUUID() };
        String[] contacts = new String[2];
        for (int i = 0; i < 2; i++) {
            contacts[i] = "shop-" + UUID.randomUUID() + "@example.com";
            PRODUCTS.on("GET", "/internal/vendors/" + vendors[i], 200, "{\"id\":\"" + vendors[i] + "\",\"ownerUserId\":\""
                    + owners[i] + "\",\"name\":\"Shop\",\"contactEmail\":\"" + contacts[i] + "\"}");
        }
        UUID order = UUID.randomUUID();
        String ref = "AG-" + order.toString().substring(0, 4).toUpperCase() + "-9RS4";
        publish("agora:events:orders", "order.confirmed", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "CONFIRMED", "total", Map.of("amount", "90.00", "currency", "USD"), "items", List.of(
                        Map.of("productId", UUID.randomUUID(), "vendorId", vendors[0], "name", "Desk lamp", "sku", "LAMP-7",
                                "quantity", 2, "unitPrice", Map.of("amount", "10.00", "currency", "USD")),
                        Map.of("productId", UUID.randomUUID(), "vendorId", vendors[1], "name", "Wool rug", "sku", "RUG-3",
                                "quantity", 1, "unitPrice", Map.of("amount", "70.00", "currency", "USD")))));

        String first = body(awaitMail(contacts[0], 1), "New order " + ref + " to ship");
        assertThat(first).contains("2 x Desk lamp (LAMP-7)", "/vendor/orders").doesNotContain("Wool rug", "70.00", "90.00");
        String second = body(awaitMail(contacts[1], 1), "New order " + ref + " to ship");
        assertThat(second).contains("1 x Wool rug (RUG-3)").doesNotContain("Desk lamp");
        inbox(owners[0], true).jsonPath("$.totalItems").isEqualTo(1);
        inbox(owners[1], true).jsonPath("$.totalItems").isEqualTo(1);
    }

    @Test
    void aConfirmationReachesItsCustomerOnceWhileTheVendorDirectoryIsDown() {
        UUID user = registered("liskov-" + UUID.randomUUID() + "@example.com", "Barbara");
        UUID vendor = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/vendors/" + vendor, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
        UUID order = UUID.randomUUID();
        String ref = "AG-" + order.toString().substring(0, 4).toUpperCase() + "-3WX6";
        publish("agora:events:orders", "order.confirmed", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "CONFIRMED", "total", Map.of("amount", "20.00", "currency", "USD"), "items", List.of(
                        Map.of("productId", UUID.randomUUID(), "vendorId", vendor, "name", "Desk lamp", "sku", "LAMP-7",
                                "quantity", 2, "unitPrice", Map.of("amount", "10.00", "currency", "USD")))));

        String subject = "Your order " + ref + " is confirmed";
        body(awaitMail(addressOf(user), 2), subject);
        // The vendor's alert keeps failing until it is dead-lettered; its redeliveries never mail the customer again.
        await().atMost(Duration.ofSeconds(15)).until(() -> redis.opsForStream()
            .read(StreamOffset.fromStart("agora:dlq:notification-svc")).collectList().block(Duration.ofSeconds(5))
            .stream().anyMatch(r -> String.valueOf(r.getValue().get("envelope")).contains(ref)));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).equals(subject))).hasSize(1);
    }

    @Test
    void aCancelledPartIsToldToTheCustomerWithTheRefundAndToItsVendorOnly() {
        UUID user = registered("noether-" + UUID.randomUUID() + "@example.com", "Emmy");
        UUID[] vendors = { UUID.randomUUID(), UUID.randomUUID() };
        String[] contacts = new String[2];
        for (int i = 0; i < 2; i++) {
            contacts[i] = "shop-" + UUID.randomUUID() + "@example.com";
            PRODUCTS.on("GET", "/internal/vendors/" + vendors[i], 200, "{\"id\":\"" + vendors[i] + "\",\"ownerUserId\":\""
                    + UUID.randomUUID() + "\",\"name\":\"Shop\",\"contactEmail\":\"" + contacts[i] + "\"}");
        }
        UUID order = UUID.randomUUID();
        String ref = "AG-" + order.toString().substring(0, 4).toUpperCase() + "-7TV5";
        Map<String, Object> lamp = Map.of("productId", UUID.randomUUID(), "vendorId", vendors[0], "name", "Desk lamp",
                "sku", "LAMP-7", "quantity", 2, "unitPrice", Map.of("amount", "10.00", "currency", "USD"));
        Map<String, Object> rug = Map.of("productId", UUID.randomUUID(), "vendorId", vendors[1], "name", "Wool rug",
                "sku", "RUG-3", "quantity", 1, "unitPrice", Map.of("amount", "70.00", "currency", "USD"));
        publish("agora:events:orders", "order.part_cancelled", order, Map.of("orderId", order, "reference", ref, "userId", user,
                "status", "CONFIRMED", "previousStatus", "CONFIRMED", "reason", "Found it cheaper",
                "total", Map.of("amount", "90.00", "currency", "USD"), "items", List.of(lamp),
                "cancellation", Map.of("vendorId", vendors[1], "items", List.of(rug),
                        "refund", Map.of("amount", "70.00", "currency", "USD"))));

        String customer = body(awaitMail(addressOf(user), 2), "Part of your order " + ref + " was cancelled");
        assertThat(customer).contains("1 x Wool rug", "Found it cheaper", "70.00 USD").doesNotContain("Desk lamp");
        String vendor = body(awaitMail(contacts[1], 1), "Do not ship: your part of order " + ref + " was cancelled");
        assertThat(vendor).contains("1 x Wool rug (RUG-3)", "/vendor/orders").doesNotContain("Desk lamp", "70.00");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
            .until(() -> Arrays.stream(SMTP.getReceivedMessages()).noneMatch(m -> recipients(m).contains(contacts[0])));
    }

    private static String body(List<MimeMessage> mails, String subject) {
        MimeMessage mail = mails.stream().filter(m -> subject(m).equals(subject)).findFirst()
            .orElseThrow(() -> new AssertionError("no mail with subject " + subject));
        return com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
    }

    @Test
    void anEmailThatCannotBeSentIsRetriedThenDeadLetteredAndAnAdminCanRetryIt() {
        UUID stranger = UUID.randomUUID();
        String id = http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("userId", stranger, "channels", List.of("email"), "subject", "Hello", "body", "Text"))
            .exchange().expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();

        // Nobody knows the stranger's address yet: two attempts, then dead-lettered.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.get().uri("/api/v1/notifications/failed")
            .headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.items[?(@.id == '" + id + "')].attemptCount").isEqualTo(List.of(2)));
        http.get().uri("/api/v1/notifications/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.attempts.length()").isEqualTo(2)
            .jsonPath("$.attempts[0].error").value(e -> assertThat((String) e).contains("no email address"));
        http.get().uri("/api/v1/notifications/failed").headers(h -> h.setBearerAuth(customer(stranger))).exchange()
            .expectStatus().isForbidden();

        registeredAs(stranger, "late-" + UUID.randomUUID() + "@example.com", "Late");
        // The welcome email shows the address is known now.
        awaitMail(addressOf(stranger), 1);
        http.post().uri("/api/v1/notifications/{id}/retry", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk();
        assertThat(awaitMail(addressOf(stranger), 2)).extracting(NotificationIT::subject).contains("Hello");
        http.get().uri("/api/v1/notifications/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.status").isEqualTo("sent").jsonPath("$.attempts.length()").isEqualTo(3);
        http.post().uri("/api/v1/notifications/{id}/retry", id).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isEqualTo(409);
    }

    @Test
    void anEmailWhoseSendingTheDatabaseRefusedToRecordAtFirstIsSentOnce() {
        UUID user = registered("hamilton-" + UUID.randomUUID() + "@example.com", "Margaret");
        awaitMail(addressOf(user), 1);
        String subject = "Recorded late " + UUID.randomUUID();
        // A database that refuses the first two "sent" records of this email, as a restart would.
        db.sql("CREATE SEQUENCE IF NOT EXISTS injected_faults").then().block(Duration.ofSeconds(5));
        db.sql("""
                CREATE OR REPLACE FUNCTION refuse_sent_records() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'sent' AND NEW.subject LIKE '%Recorded late%' AND nextval('injected_faults') <= 2 THEN
                        RAISE EXCEPTION 'injected fault: the database went away';
                    END IF;
                    RETURN NEW;
                END $$""").then().block(Duration.ofSeconds(5));
        db.sql("CREATE TRIGGER refuse_sent_records BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_sent_records()")
            .then().block(Duration.ofSeconds(5));
        try {
            sendDirect(user, subject);
            awaitMail(addressOf(user), 2);
            await().atMost(Duration.ofSeconds(15)).until(() -> db.sql("SELECT status FROM notifications WHERE subject = :s")
                .bind("s", subject).map((row, meta) -> row.get("status", String.class)).one().block(Duration.ofSeconds(5)),
                    "sent"::equals);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> subject(m).equals(subject)).count() == 1);
        }
        finally {
            db.sql("DROP TRIGGER refuse_sent_records ON notifications").then().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPasswordResetLinkIsEmailedAndShownNowhereElse() {
        UUID user = registered("reset-" + UUID.randomUUID() + "@example.com", "Rosa");
        awaitMail(addressOf(user), 1);
        String token = "pr_" + UUID.randomUUID().toString().replace("-", "") + "Ab_-";
        // One that arrives after its link expired (the service was down) is not sent: it could not work.
        publish("agora:events:users", "user.password_reset_requested", user, Map.of("userId", user, "email", addressOf(user),
                "name", "Rosa", "token", "pr_expired", "expiresAt", Instant.now().minus(Duration.ofMinutes(1)).toString()));
        publish("agora:events:users", "user.password_reset_requested", user, Map.of("userId", user, "email", addressOf(user),
                "name", "Rosa", "token", token, "expiresAt", Instant.now().plus(Duration.ofMinutes(30)).toString()));

        MimeMessage mail = awaitMail(addressOf(user), 2).stream().filter(m -> subject(m).contains("Reset")).findFirst()
            .orElseThrow();
        assertThat(subject(mail)).isEqualTo("Reset your Agora password");
        assertThat(awaitMail(addressOf(user), 2)).as("the welcome and the one reset email that could work").hasSize(2);
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        assertThat(body).contains("https://shop.example.test/reset-password#token=" + token).contains("within 30 minutes")
            .contains("Hello Rosa");

        // The inbox gets nothing; the email's body and data are not shown or kept once it is sent.
        inbox(user, false).jsonPath("$.items[?(@.subject =~ /.*[Rr]eset.*/)]").doesNotExist();
        var stored = await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("""
                SELECT id, body_text, coalesce(body_html, '') AS html, data::text AS data, status FROM notifications
                WHERE type = 'user.password_reset_requested' AND user_id = :u""").bind("u", user)
            .map(row -> Map.of("id", row.get("id", UUID.class).toString(), "text", row.get("body_text", String.class),
                    "html", row.get("html", String.class), "data", row.get("data", String.class),
                    "status", row.get("status", String.class)))
            .one().block(Duration.ofSeconds(5)), row -> "sent".equals(row.get("status")));
        assertThat(String.join(" ", stored.values())).doesNotContain(token);
        for (String caller : List.of(admin(), customer(user))) {
            http.get().uri("/api/v1/notifications/{id}", stored.get("id")).headers(h -> h.setBearerAuth(caller)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.body").value(b -> assertThat((String) b)
                    .doesNotContain(token).contains("single-use link"));
        }
    }

    @Test
    void anEmailVerificationLinkIsEmailedAndKeptNowhereElse() {
        UUID user = registered("verify-" + UUID.randomUUID() + "@example.com", "Ines");
        awaitMail(addressOf(user), 1);
        String token = "ev_" + UUID.randomUUID().toString().replace("-", "") + "Xy_-";
        publish("agora:events:users", "user.email_verification_requested", user, Map.of("userId", user, "email",
                addressOf(user), "name", "Ines", "token", token, "expiresAt", Instant.now().plus(Duration.ofHours(24)).toString()));

        MimeMessage mail = awaitMail(addressOf(user), 2).stream().filter(m -> subject(m).contains("Confirm")).findFirst()
            .orElseThrow();
        assertThat(subject(mail)).isEqualTo("Confirm your email address for Agora");
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        assertThat(body).contains("https://shop.example.test/verify-email#token=" + token).contains("within 24 hours")
            .contains("Hello Ines");
        inbox(user, false).jsonPath("$.items[?(@.subject =~ /.*[Cc]onfirm.*/)]").doesNotExist();
        var stored = await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("""
                SELECT body_text || coalesce(body_html, '') || data::text AS everything, status FROM notifications
                WHERE type = 'user.email_verification_requested' AND user_id = :u""").bind("u", user)
            .map(row -> Map.of("everything", row.get("everything", String.class), "status", row.get("status", String.class)))
            .one().block(Duration.ofSeconds(5)), row -> "sent".equals(row.get("status")));
        assertThat(stored.get("everything")).doesNotContain(token);
    }

    @Test
    void onlyAdminsAndServicesSendDirectNotificationsAndBadInputIs400() {
        var message = Map.of("userId", UUID.randomUUID(), "channels", List.of("in_app"), "subject", "Hi", "body", "There");
        http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(message).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(service()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(message).exchange().expectStatus().isCreated();
        http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("userId", UUID.randomUUID(), "channels", List.of("pigeon"), "subject", "Hi", "body", "There"))
            .exchange().expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBurstOfLowStockAlertsMakesOneDigestAndTheNextWaitsForTheInterval() {
        UUID vendor = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        String contact = "shop-" + UUID.randomUUID() + "@example.com";
        PRODUCTS.on("GET", "/internal/vendors/" + vendor, 200, "{\"id\":\"" + vendor + "\",\"ownerUserId\":\"" + owner
                + "\",\"name\":\"Shop\",\"contactEmail\":\"" + contact + "\"}");
        UUID lamp = stockItem(UUID.randomUUID(), null, "Desk <lamp>");
        UUID shirt = UUID.randomUUID();
        UUID medium = stockItem(UUID.randomUUID(), shirt, "Linen shirt (M)");
        UUID gone = UUID.randomUUID();
        PRODUCTS.on("GET", "/internal/stock-items/" + gone, 404, "{\"status\":404}");

        lowStock(vendor, lamp, 2, 5);
        lowStock(vendor, medium, 4, 10);
        lowStock(vendor, gone, 0, 5);
        lowStock(vendor, lamp, 1, 5);

        MimeMessage digest = awaitMail(contact, 1).getFirst();
        assertThat(subject(digest)).isEqualTo("Low stock: 2 products");
        String body = body(List.of(digest), "Low stock: 2 products");
        // Each item once, at its latest level, the lowest first, named and linked to its stock page; a deleted one is left out.
        assertThat(body).contains("2 of your products at Shop are below their low-stock thresholds",
                "- Desk <lamp>: 1 available (threshold 5)", "- Linen shirt (M): 4 available (threshold 10)", "Desk &lt;lamp&gt;",
                "https://shop.example.test/vendor/stock/" + lamp, "https://shop.example.test/vendor/stock/" + shirt,
                "at most one of these digests per 4 seconds")
            .doesNotContain(gone.toString());
        assertThat(body.indexOf("- Desk <lamp>")).isLessThan(body.indexOf("- Linen shirt (M)"));
        // The inbox has every alert at once, named and linked to its stock page where product-svc still has it.
        inbox(owner, true).jsonPath("$.totalItems").isEqualTo(4)
            .jsonPath("$.items[*].subject").value(subjects -> assertThat((List<String>) subjects).containsExactlyInAnyOrder(
                    "Low stock: 2 left of Desk <lamp>", "Low stock: 1 left of Desk <lamp>", "Low stock: 4 left of Linen shirt (M)",
                    "Low stock: 0 left of product " + gone))
            .jsonPath("$.items[?(@.subject == 'Low stock: 4 left of Linen shirt (M)')].body").isEqualTo(List.of(
                    "Linen shirt (M) is below its threshold of 10. Restock it: https://shop.example.test/vendor/stock/" + shirt));

        // The next alert waits for the interval since the last digest, then comes alone.
        Instant firstSent = db.sql("SELECT sent_at FROM low_stock_digests_sent WHERE vendor_id = :v").bind("v", vendor)
            .map(r -> r.get("sent_at", Instant.class)).one().block(Duration.ofSeconds(5));
        lowStock(vendor, medium, 3, 10);
        MimeMessage next = awaitMail(contact, 2).get(1);
        assertThat(subject(next)).isEqualTo("Low stock: Linen shirt (M)");
        assertThat(body(List.of(next), "Low stock: Linen shirt (M)"))
            .contains("One of your products at Shop is below its low-stock threshold").doesNotContain("lamp");
        List<Instant> queued = db.sql("SELECT created_at FROM notifications WHERE channel = 'email' AND recipient_email = :to "
                + "ORDER BY created_at").bind("to", contact).map(r -> r.get("created_at", Instant.class)).all().collectList()
            .block(Duration.ofSeconds(5));
        assertThat(queued).hasSize(2);
        assertThat(queued.get(1)).isAfterOrEqualTo(firstSent.plusSeconds(4));
        assertThat(waitingDigestItems(vendor)).isZero();
    }

    @Test
    void aDigestNamesTheLowestFiftyAndCountsTheRestWithoutLookingThemUp() {
        UUID vendor = UUID.randomUUID();
        String contact = "busy-" + UUID.randomUUID() + "@example.com";
        PRODUCTS.on("GET", "/internal/vendors/" + vendor, 200, "{\"id\":\"" + vendor + "\",\"ownerUserId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"Busy\",\"contactEmail\":\"" + contact + "\"}");
        // A digest to this vendor is held back (its last one dated ahead) until all 60 alerts wait, then let go.
        db.sql("INSERT INTO low_stock_digests_sent (vendor_id, sent_at) VALUES (:v, now() + interval '1 hour')").bind("v", vendor)
            .then().block(Duration.ofSeconds(5));
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID item = stockItem(UUID.randomUUID(), null, "Item " + i);
            items.add("GET /internal/stock-items/" + item);
            lowStock(vendor, item, i % 3, 5);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingDigestItems(vendor) == 60);
        int lookupsBefore = (int) PRODUCTS.calls().stream().filter(items::contains).count();
        db.sql("UPDATE low_stock_digests_sent SET sent_at = now() - interval '1 hour' WHERE vendor_id = :v").bind("v", vendor)
            .then().block(Duration.ofSeconds(5));
        String body = body(awaitMail(contact, 1), "Low stock: 60 products");
        assertThat(body).contains("60 of your products at Busy are below their low-stock thresholds", "- and 10 more");
        assertThat(body.split("available \\(threshold 5\\)", -1)).hasSize(51);
        // Fifty names, and no more than the lookups in flight when the fiftieth came back.
        assertThat(PRODUCTS.calls().stream().filter(items::contains).count() - lookupsBefore).isBetween(50L, 54L);
        assertThat(waitingDigestItems(vendor)).isZero();
    }

    /** Answers product-svc's stock item lookup for a product ({@code productId} null) or a variant of {@code productId}. */
    private static UUID stockItem(UUID id, UUID productId, String name) {
        UUID product = productId == null ? id : productId;
        PRODUCTS.on("GET", "/internal/stock-items/" + id, 200, "{\"id\":\"" + id + "\",\"productId\":\"" + product
                + "\",\"vendorId\":\"" + UUID.randomUUID() + "\",\"name\":\"" + name
                + "\",\"status\":\"approved\",\"hasVariants\":false}");
        return id;
    }

    private void lowStock(UUID vendor, UUID item, int available, int threshold) {
        publish("agora:events:inventory", "inventory.low_stock", item,
                Map.of("productId", item, "vendorId", vendor, "available", available, "threshold", threshold));
    }

    private Long waitingDigestItems(UUID vendor) {
        return db.sql("SELECT count(*) AS n FROM low_stock_digest_items WHERE vendor_id = :v").bind("v", vendor)
            .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    @Test
    void aVendorHearsWhetherItsProductWasApprovedOrRejectedAndWhy() {
        UUID vendor = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        String contact = "moderated-" + UUID.randomUUID() + "@example.com";
        PRODUCTS.on("GET", "/internal/vendors/" + vendor, 200, "{\"id\":\"" + vendor + "\",\"ownerUserId\":\"" + owner
                + "\",\"name\":\"Shop\",\"contactEmail\":\"" + contact + "\"}");
        UUID rejected = UUID.randomUUID();
        publish("agora:events:products", "product.rejected", rejected, Map.of("productId", rejected, "vendorId", vendor,
                "name", "Miracle <Tonic>", "reason", "Health claims need evidence.", "rejectedBy", UUID.randomUUID()));
        MimeMessage rejection = awaitMail(contact, 1).getFirst();
        assertThat(subject(rejection)).isEqualTo("Not approved: Miracle <Tonic>");
        assertThat(body(List.of(rejection), "Not approved: Miracle <Tonic>")).contains("Health claims need evidence.")
            .contains("/vendor/products/" + rejected);

        UUID approved = UUID.randomUUID();
        publish("agora:events:products", "product.approved", approved, Map.of("productId", approved, "vendorId", vendor,
                "name", "Herbal Tea", "approvedBy", UUID.randomUUID()));
        assertThat(awaitMail(contact, 2)).extracting(NotificationIT::subject).contains("Approved: Herbal Tea is in the catalogue");
        inbox(owner, true).jsonPath("$.totalItems").isEqualTo(2)
            .jsonPath("$.items[?(@.subject == 'Not approved: Miracle <Tonic>')].body").value(bodies ->
                    assertThat(bodies.toString()).contains("Health claims need evidence."));
    }

    @Test
    void aVendorWhoTurnedLowStockEmailOffGetsTheAlertInTheInboxOnly() {
        UUID vendor = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        String contact = "quiet-" + UUID.randomUUID() + "@example.com";
        PRODUCTS.on("GET", "/internal/vendors/" + vendor, 200, "{\"id\":\"" + vendor + "\",\"ownerUserId\":\"" + owner
                + "\",\"name\":\"Quiet Shop\",\"contactEmail\":\"" + contact + "\"}");
        String token = FORGE.draft(owner, "customer", "vendor").sign();
        http.get().uri("/api/v1/notifications/preferences").headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.topics[0].topic").isEqualTo("transactional").jsonPath("$.topics[0].email").isEqualTo(true)
            .jsonPath("$.topics[0].changeable").isEqualTo(false)
            .jsonPath("$.topics[1].topic").isEqualTo("low_stock").jsonPath("$.topics[1].email").isEqualTo(true)
            .jsonPath("$.topics[1].inApp").isEqualTo(true).jsonPath("$.topics[1].changeable").isEqualTo(true);

        // Transactional mail cannot be turned off, and a request that tries changes nothing at all.
        preferences(token, List.of(Map.of("topic", "low_stock", "email", false), Map.of("topic", "transactional", "email", false)))
            .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("topics");
        preferences(token, List.of(Map.of("topic", "marketing_blast", "email", false))).expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        preferences(token, List.of(Map.of("topic", "low_stock", "email", false), Map.of("topic", "low_stock", "email", true)))
            .expectStatus().isBadRequest();
        preferences(token, List.of()).expectStatus().isBadRequest();
        http.get().uri("/api/v1/notifications/preferences").headers(h -> h.setBearerAuth(token)).exchange()
            .expectBody().jsonPath("$.topics[1].email").isEqualTo(true);
        http.get().uri("/api/v1/notifications/preferences").exchange().expectStatus().isUnauthorized();

        preferences(token, List.of(Map.of("topic", "low_stock", "email", false))).expectStatus().isOk()
            .expectBody().jsonPath("$.topics[1].email").isEqualTo(false);
        // Another user's choice is their own.
        http.get().uri("/api/v1/notifications/preferences").headers(h -> h.setBearerAuth(customer(UUID.randomUUID()))).exchange()
            .expectBody().jsonPath("$.topics[1].email").isEqualTo(true);

        UUID product = stockItem(UUID.randomUUID(), null, "Quiet lamp");
        lowStock(vendor, product, 1, 5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(owner, true).jsonPath("$.totalItems").isEqualTo(1));
        // When its digest is due, the owner's choice drops it: nothing waits, and no email was queued.
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingDigestItems(vendor) == 0);
        Long emails = db.sql("SELECT count(*) AS n FROM notifications WHERE channel = 'email' AND recipient_email = :to")
            .bind("to", contact).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(emails).isZero();
    }

    @Test
    void aNewsletterReachesEveryInboxButEmailsOnlyProvenAddressesThatKeptMarketingOn() {
        UUID keen = verified(registered("keen-" + UUID.randomUUID() + "@example.com", "Keen"));
        UUID quiet = verified(registered("quiet-" + UUID.randomUUID() + "@example.com", "Quiet"));
        UUID unproven = registered("unproven-" + UUID.randomUUID() + "@example.com", "Unproven");
        for (UUID user : List.of(keen, quiet, unproven)) {
            awaitMail(addressOf(user), 1);
        }
        preferences(customer(quiet), List.of(Map.of("topic", "marketing", "email", false))).expectStatus().isOk()
            .expectBody().jsonPath("$.topics[?(@.topic == 'marketing')].email").isEqualTo(List.of(false));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql("SELECT count(*) AS n FROM recipients WHERE email_verified "
                + "AND user_id IN (:users)").bind("users", List.of(keen, quiet)).map(r -> r.get("n", Long.class)).one()
            .block(Duration.ofSeconds(5)) == 2);

        String subject = "Spring sale " + UUID.randomUUID();
        // Only admins send one, and only something that makes an email.
        http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(customer(keen)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("subject", subject, "text", "Hi")).exchange()
            .expectStatus().isForbidden();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("subject", " ", "text", "Hi"),
                Map.of("subject", "Two\r\nBcc: all@example.com", "text", "Hi"), Map.of("subject", "Hi"),
                Map.of("subject", "Hi", "text", "x".repeat(20_001)))) {
            http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        Map<?, ?> created = http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin()))
            .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("subject", subject, "text", "Everything <b>half</b> price.\nUntil Sunday."))
            .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created.get("status")).isIn("sending", "sent");

        String id = created.get("id").toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/api/v1/notifications/newsletters/{id}", id)
            .headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("sent").jsonPath("$.completedAt").isNotEmpty());
        String mail = body(awaitMail(addressOf(keen), 2), subject);
        assertThat(mail).contains("Everything <b>half</b> price.", "Everything &lt;b&gt;half&lt;/b&gt; price.",
                "https://shop.example.test/account");
        for (UUID user : List.of(keen, quiet, unproven)) {
            inbox(user, true).jsonPath("$.items[?(@.subject == '" + subject + "')].body")
                .isEqualTo(List.of("Everything <b>half</b> price.\nUntil Sunday."));
        }
        // The newsletter's emails are all queued by now (with each batch's inbox copies); none for these two.
        Long others = db.sql("SELECT count(*) AS n FROM notifications WHERE channel = 'email' AND subject = :s "
                + "AND user_id IN (:users)").bind("s", subject).bind("users", List.of(quiet, unproven))
            .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(others).isZero();

        http.get().uri("/api/v1/notifications/newsletters?size=100").headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.items[?(@.id == '" + id + "')].emailed").value(counts -> assertThat(counts.toString()).isNotEqualTo("[0]"));
        http.get().uri("/api/v1/notifications/newsletters/{id}", UUID.randomUUID()).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(customer(keen))).exchange()
            .expectStatus().isForbidden();
        http.get().uri("/api/v1/notifications/newsletters").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aNewsletterSentAgainWithItsIdempotencyKeyIsSentOnce() throws Exception {
        String admin = admin();
        String subject = "Once only " + UUID.randomUUID();
        Map<String, String> body = Map.of("subject", subject, "text", "Just once.");
        http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");

        String key = UUID.randomUUID().toString();
        Callable<Object> send = () -> http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin))
            .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
            .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody().get("id");
        Object first;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> sends = pool.invokeAll(List.of(send, send, send, send));
            Set<Object> ids = new HashSet<>();
            for (Future<Object> sent : sends) {
                ids.add(sent.get(20, TimeUnit.SECONDS));
            }
            assertThat(ids).as("four sends with one key, at once").hasSize(1);
            first = ids.iterator().next();
            assertThat(send.call()).as("and one later").isEqualTo(first);
        }
        finally {
            pool.shutdownNow();
        }
        Long stored = db.sql("SELECT count(*) AS n FROM newsletters WHERE subject = :s").bind("s", subject)
            .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(stored).isEqualTo(1);

        http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin))
            .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("subject", subject, "text", "Something else.")).exchange().expectStatus().isEqualTo(422)
            .expectBody().jsonPath("$.type").isEqualTo("https://agora.dev/problems/idempotency-key-reused");
        // The key is the admin's own: another admin's same key sends their newsletter.
        http.post().uri("/api/v1/notifications/newsletters").headers(h -> h.setBearerAuth(admin()))
            .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
            .expectStatus().isAccepted().expectBody().jsonPath("$.id").value(id -> assertThat(id).isNotEqualTo(first));
    }

    @Test
    void aUserWhoseProofArrivedBeforeTheRegistrationCanBeWrittenTo() {
        UUID user = UUID.randomUUID();
        String address = "early-" + user + "@example.com";
        addresses.put(user, address);
        verified(user);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.sql("SELECT count(*) AS n FROM recipients WHERE user_id = :u")
            .bind("u", user).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5)) == 1);
        http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(admin())).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("userId", user, "channels", List.of("email", "in_app"), "subject", "Early", "body", "Hi"))
            .exchange().expectStatus().isCreated();
        assertThat(awaitMail(address, 1)).extracting(NotificationIT::subject).containsExactly("Early");
    }

    private UUID verified(UUID user) {
        publish("agora:events:users", "user.email_verified", user, Map.of("userId", user, "email", addressOf(user),
                "verifiedAt", Instant.now().toString()));
        return user;
    }

    private WebTestClient.ResponseSpec preferences(String token, List<Map<String, Object>> topics) {
        return http.put().uri("/api/v1/notifications/preferences").headers(h -> h.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topics", topics)).exchange();
    }

    @Test
    void aPoisonEventIsDeadLetteredWithoutHoldingUpTheNextOnes() {
        UUID poison = UUID.randomUUID();
        publish("agora:events:payments", "payment.refunded", poison, Map.of("paymentId", poison, "userId", "not-a-uuid"));
        UUID user = registered("refund-" + UUID.randomUUID() + "@example.com", "Rita");
        UUID order = UUID.randomUUID();
        publish("agora:events:payments", "payment.refunded", UUID.randomUUID(), Map.of("paymentId", UUID.randomUUID(),
                "refundId", UUID.randomUUID(), "orderId", order, "userId", user, "amount",
                Map.of("amount", "5.00", "currency", "USD"), "totalRefunded", Map.of("amount", "5.00", "currency", "USD"),
                "fullyRefunded", false));
        assertThat(awaitMail(addressOf(user), 2)).extracting(NotificationIT::subject)
            .contains("You have been refunded 5.00 USD");
        await().atMost(Duration.ofSeconds(15)).until(() -> redis.opsForStream()
            .read(StreamOffset.fromStart("agora:dlq:notification-svc")).collectList().block(Duration.ofSeconds(5))
            .stream().anyMatch(r -> String.valueOf(r.getValue().get("envelope")).contains(poison.toString())));
    }

    @Test
    void aTemplateChangedOnDiskIsUsedWithoutARestart() throws Exception {
        UUID user = registered("tpl-" + UUID.randomUUID() + "@example.com", "Tess");
        awaitMail(addressOf(user), 1);
        Path subject = TEMPLATES.resolve("direct").resolve("email-subject.mustache");
        Files.createDirectories(subject.getParent());
        Files.writeString(subject, "[Agora] {{data.subject}}");
        sendDirect(user, "First");
        assertThat(awaitMail(addressOf(user), 2)).extracting(NotificationIT::subject).contains("[Agora] First");
        Files.writeString(subject, "[Agora, changed] {{data.subject}}");
        sendDirect(user, "Second");
        assertThat(awaitMail(addressOf(user), 3)).extracting(NotificationIT::subject).contains("[Agora, changed] Second");
        Files.delete(subject);
    }

    private void sendDirect(UUID user, String subject) {
        http.post().uri("/api/v1/notifications").headers(h -> h.setBearerAuth(admin())).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("userId", user, "channels", List.of("email"), "subject", subject, "body", "Body"))
            .exchange().expectStatus().isCreated();
    }

    private final Map<UUID, String> addresses = new java.util.concurrent.ConcurrentHashMap<>();

    private UUID registered(String email, String name) {
        return registeredAs(UUID.randomUUID(), email, name);
    }

    private UUID registeredAs(UUID user, String email, String name) {
        addresses.put(user, email);
        publish("agora:events:users", "user.registered", user, Map.of("userId", user, "email", email, "name", name,
                "registeredAt", Instant.now().toString()));
        return user;
    }

    private String addressOf(UUID user) {
        return addresses.get(user);
    }

    private void publish(String stream, String type, UUID subject, Map<String, Object> data) {
        redis.opsForStream().add(StreamRecords.mapBacked(StreamEvents.entry(UUID.randomUUID(), type, Instant.now(),
                subject.toString(), data)).withStreamKey(stream)).block(Duration.ofSeconds(5));
    }

    private static List<MimeMessage> awaitMail(String to, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
            .filter(m -> recipients(m).contains(to)).toList(), list -> list.size() >= count);
    }

    private static String recipients(MimeMessage m) {
        try {
            return Arrays.toString(m.getAllRecipients());
        }
        catch (jakarta.mail.MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        }
        catch (jakarta.mail.MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private WebTestClient.BodyContentSpec inbox(UUID user, boolean unread) {
        return http.get().uri("/api/v1/notifications/me?unread={u}", unread).headers(h -> h.setBearerAuth(customer(user)))
            .exchange().expectStatus().isOk().expectBody();
    }

    @SuppressWarnings("unchecked")
    private String firstUnreadOrder(UUID user) {
        Map<String, Object> page = http.get().uri("/api/v1/notifications/me?unread=true").headers(h -> h.setBearerAuth(customer(user)))
            .exchange().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream()
            .filter(n -> String.valueOf(n.get("subject")).startsWith("Order")).findFirst().map(n -> n.get("id").toString())
            .orElse(null);
    }

    static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static String service() {
        return FORGE.service();
    }

    static String customer(UUID id) {
        return FORGE.draft(id, "customer").sign();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("agora-templates-");
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
