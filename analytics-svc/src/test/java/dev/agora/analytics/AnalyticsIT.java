package dev.agora.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.agora.analytics.store.AnalyticsEvent;
import dev.agora.defaults.events.EventHandler;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.StreamEvents;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-svc over MongoDB (Testcontainers where Docker runs, the stand-in otherwise; the log
 * says which) and Redis Streams, with a hand-computed event set. Each test uses its own day, so the
 * numbers are its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agora.analytics.dashboard-ttl=2s", "agora.analytics.session-rate-limit=50", "agora.events.poll-interval=100ms" })
@AutoConfigureWebTestClient(timeout = "20s")
@AgoraDatastores(mongo = true)
class AnalyticsIT {

    static final TokenForge FORGE = TokenForge.newKey("analytics-test");
    static final FakeUserService USERS = new FakeUserService(FORGE);

    @Autowired
    WebTestClient http;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    Map<String, EventHandler> handlers;

    /** Every command the service's MongoDB client sends, as it was sent. */
    static final List<String> COMMANDS = new CopyOnWriteArrayList<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedCommands {

        @Bean
        MongoClientSettingsBuilderCustomizer recordCommands() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    COMMANDS.add(event.getCommandName() + " " + event.getCommand().toJson());
                }
            });
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
    }

    @BeforeEach
    void timeout() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    static String admin() {
        return FORGE.draft(UUID.randomUUID(), "admin").sign();
    }

    static String customer(UUID id) {
        return FORGE.draft(id, "customer").sign();
    }

    static Map<String, Object> event(String type, String session, Instant at, Map<String, Object> properties) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("sessionId", session);
        e.put("occurredAt", at.toString());
        e.put("properties", properties);
        return e;
    }

    WebTestClient.ResponseSpec send(String token, List<Map<String, Object>> events) {
        return http.post().uri("/api/v1/analytics/events").headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("events", events)).exchange();
    }

    void publish(String stream, UUID id, String type, Instant at, Map<String, Object> data) {
        redis.opsForStream().add(StreamRecords.mapBacked(StreamEvents.entry(id, type, at,
                String.valueOf(data.getOrDefault("orderId", id)), data)).withStreamKey(stream)).block(Duration.ofSeconds(5));
    }

    long stored(Criteria criteria) {
        return mongo.count(Query.query(criteria), AnalyticsEvent.class).block(Duration.ofSeconds(5));
    }

    @Test
    void theDashboardAddsUpAHandComputedDay() {
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        Instant ten = day.plusSeconds(10 * 3600);
        // Product ids are UUIDs in order events, as order-svc writes them.
        String p1 = UUID.randomUUID().toString();
        String p2 = UUID.randomUUID().toString();
        String p3 = UUID.randomUUID().toString();
        List<Map<String, Object>> batch = new ArrayList<>();
        // s1 goes all the way, s2 stops at checkout, s3 at the cart, s4 only looks, s5 never viewed.
        for (String[] e : new String[][] { { "s1", "product_view", p1 }, { "s1", "add_to_cart", p1 },
                { "s1", "checkout_started", null }, { "s1", "order_placed", null }, { "s2", "product_view", p1 },
                { "s2", "add_to_cart", p1 }, { "s2", "checkout_started", null }, { "s3", "product_view", p2 },
                { "s3", "add_to_cart", p2 }, { "s4", "product_view", p2 }, { "s4", "product_view", p3 },
                { "s5", "add_to_cart", p3 } }) {
            batch.add(event(e[1], e[0] + "-" + day, ten.plusSeconds(batch.size() * 60L),
                    e[2] == null ? Map.of() : Map.of("productId", e[2])));
        }
        send(null, batch).expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(12);

        UUID u1 = UUID.randomUUID();
        UUID u2 = UUID.randomUUID();
        UUID o1 = UUID.randomUUID();
        UUID o2 = UUID.randomUUID();
        UUID confirmedO1 = UUID.randomUUID();
        publish("agora:events:orders", confirmedO1, "order.confirmed", ten.plusSeconds(1800), order(o1, u1, "30.00", p1, 2, null));
        // The relay may publish an event twice: it is counted once.
        publish("agora:events:orders", confirmedO1, "order.confirmed", ten.plusSeconds(1800), order(o1, u1, "30.00", p1, 2, null));
        Instant eleven = ten.plusSeconds(3600);
        publish("agora:events:orders", UUID.randomUUID(), "order.confirmed", eleven.plusSeconds(900), order(o2, u2, "20.00", p2, 1, null));
        publish("agora:events:orders", UUID.randomUUID(), "order.cancelled", eleven.plusSeconds(1800),
                order(o2, u2, "20.00", p2, 1, "CONFIRMED"));
        publish("agora:events:payments", UUID.randomUUID(), "payment.refunded", eleven.plusSeconds(1860), Map.of("paymentId",
                UUID.randomUUID(), "refundId", UUID.randomUUID(), "orderId", o2, "userId", u2, "amount",
                Map.of("amount", "20.00", "currency", "USD"), "totalRefunded", Map.of("amount", "20.00", "currency", "USD"),
                "fullyRefunded", true));
        // Refused for lack of stock: never confirmed, so it takes nothing away.
        publish("agora:events:orders", UUID.randomUUID(), "order.cancelled", eleven.plusSeconds(1900),
                order(UUID.randomUUID(), u1, "99.00", p3, 1, "PENDING"));
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(Criteria.where("source").is("platform")
            .and("occurredAt").gte(day).lt(day.plusSeconds(86400))) == 5);

        String uri = "/api/v1/analytics/dashboard?from=" + day + "&to=" + day.plusSeconds(86400) + "&interval=hour";
        http.get().uri(uri).headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.funnel[0].sessions").isEqualTo(4).jsonPath("$.funnel[0].rate").isEqualTo(1.0)
            .jsonPath("$.funnel[1].sessions").isEqualTo(3).jsonPath("$.funnel[1].rate").isEqualTo(0.75)
            .jsonPath("$.funnel[2].sessions").isEqualTo(2).jsonPath("$.funnel[2].rate").isEqualTo(0.6667)
            .jsonPath("$.funnel[3].sessions").isEqualTo(1).jsonPath("$.funnel[3].rate").isEqualTo(0.5)
            .jsonPath("$.topViewed.length()").isEqualTo(3)
            .jsonPath("$.topViewed[?(@.productId == '" + p1 + "')].count").isEqualTo(List.of(2))
            .jsonPath("$.topViewed[?(@.productId == '" + p2 + "')].count").isEqualTo(List.of(2))
            .jsonPath("$.topSelling.length()").isEqualTo(1)
            .jsonPath("$.topSelling[0].productId").isEqualTo(p1).jsonPath("$.topSelling[0].count").isEqualTo(2)
            .jsonPath("$.revenue.length()").isEqualTo(2)
            .jsonPath("$.revenue[0].amount.amount").isEqualTo("30.00").jsonPath("$.revenue[0].orders").isEqualTo(1)
            .jsonPath("$.revenue[1].amount.amount").isEqualTo("0.00").jsonPath("$.revenue[1].orders").isEqualTo(0)
            .jsonPath("$.eventsByType[?(@.type == 'product_view')].count").isEqualTo(List.of(5))
            .jsonPath("$.activeUsers[0].users").isEqualTo(1).jsonPath("$.activeUsers[1].users").isEqualTo(2);
        http.get().uri("/api/v1/analytics/dashboard?from=" + day + "&to=" + day.plusSeconds(86400) + "&interval=day")
            .headers(h -> h.setBearerAuth(admin())).exchange().expectBody()
            .jsonPath("$.revenue[0].amount.amount").isEqualTo("30.00").jsonPath("$.revenue[0].orders").isEqualTo(1);

        http.get().uri("/api/v1/analytics/users/{id}", u2).headers(h -> h.setBearerAuth(customer(u2))).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.orders").isEqualTo(0)
            .jsonPath("$.revenue[0].amount").isEqualTo("0.00").jsonPath("$.eventsByType.order_confirmed").isEqualTo(1);
        http.get().uri("/api/v1/analytics/users/{id}", u2).headers(h -> h.setBearerAuth(customer(u1))).exchange()
            .expectStatus().isNotFound();
    }

    @Test
    void storesAPlatformEventInOneWriteThatAlsoRecordsItAsHandled() {
        UUID confirmed = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-21T09:00:00Z");
        Map<String, Object> data = order(UUID.randomUUID(), UUID.randomUUID(), "12.00", UUID.randomUUID().toString(), 1, null);
        publish("agora:events:orders", confirmed, "order.confirmed", at, data);
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(Criteria.where("_id").is(confirmed.toString())) == 1);
        // Nothing looked up first, no record of its own: the stored event is the record.
        assertThat(about(confirmed)).singleElement().asString().startsWith("insert ")
            .contains("\"" + mongo.getCollectionName(AnalyticsEvent.class) + "\"");

        // Delivered again (the relay may publish twice): refused by its key, still stored once. The
        // event after it on the stream shows when the consumer got past it.
        publish("agora:events:orders", confirmed, "order.confirmed", at, data);
        UUID next = UUID.randomUUID();
        publish("agora:events:orders", next, "order.confirmed", at, data);
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(Criteria.where("_id").is(next.toString())) == 1);
        assertThat(about(confirmed)).hasSize(2).allSatisfy(command -> assertThat(command).startsWith("insert "));
        assertThat(stored(Criteria.where("_id").is(confirmed.toString()))).isEqualTo(1);
    }

    @Test
    void eachPlatformEventTypeHasOneHandlerForItsInsertIsItsRecordOfHavingBeenHandled() {
        List<String> types = handlers.values().stream().flatMap(handler -> handler.types().stream()).toList();
        assertThat(types).isNotEmpty().doesNotHaveDuplicates();
    }

    /** The commands sent to MongoDB that name an event, other than the test's own counting. */
    private static List<String> about(UUID event) {
        return COMMANDS.stream().filter(command -> command.contains(event.toString()) && !command.startsWith("count ")
                && !command.startsWith("aggregate ")).toList();
    }

    private static Map<String, Object> order(UUID order, UUID user, String total, String product, int quantity, String previous) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order);
        data.put("userId", user);
        data.put("total", Map.of("amount", total, "currency", "USD"));
        data.put("items", List.of(Map.of("productId", product, "quantity", quantity)));
        if (previous != null) {
            data.put("previousStatus", previous);
        }
        return data;
    }

    @Test
    void theUserComesFromTheTokenOnly() {
        UUID me = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        String session = "spoof-" + UUID.randomUUID();
        send(customer(me), List.of(event("page_view", session, Instant.now(), Map.of("userId", victim.toString()))))
            .expectStatus().isAccepted();
        assertThat(stored(Criteria.where("sessionId").is(session).and("userId").is(me.toString()))).isEqualTo(1);
        assertThat(stored(Criteria.where("userId").is(victim.toString()))).isZero();
        // A userId field of the event itself is refused outright.
        var spoofed = new LinkedHashMap<>(event("page_view", session, Instant.now(), Map.of()));
        spoofed.put("userId", victim.toString());
        send(customer(me), List.of(spoofed)).expectStatus().isBadRequest();
        assertThat(stored(Criteria.where("sessionId").is(session))).isEqualTo(1);
    }

    @Test
    void badBatchesAre4xxAndStoreNothing() {
        String session = "bad-" + UUID.randomUUID();
        Instant now = Instant.now();
        send(null, List.of()).expectStatus().isBadRequest();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(event("page_view", session, now, Map.of()));
        }
        send(null, tooMany).expectStatus().isBadRequest();
        send(null, List.of(event("page_view", session, now, Map.of()),
                event("page_view", session, now, Map.of("blob", "x".repeat(5000)))))
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("events[1].properties");
        send(null, List.of(event("teleport", session, now, Map.of()))).expectStatus().isBadRequest();
        send(null, List.of(event("page_view", session, now.plus(Duration.ofHours(2)), Map.of()))).expectStatus().isBadRequest();
        send(null, List.of(event("page_view", "no spaces allowed", now, Map.of()))).expectStatus().isBadRequest();
        assertThat(stored(Criteria.where("sessionId").is(session))).isZero();
    }

    @Test
    void storesDottedAndDollarPropertyKeysEscapedAndRefusesControlCharactersInKeys() {
        String session = "keys-" + UUID.randomUUID();
        Instant now = Instant.now();
        send(null, List.of(event("page_view", session, now, Map.of("utm.source", "newsletter", "$where", "1",
                "campaign", Map.of("a.b", List.of(Map.of("c.d", 1)))))))
            .expectStatus().isAccepted();
        AnalyticsEvent stored = mongo.findOne(Query.query(Criteria.where("sessionId").is(session)), AnalyticsEvent.class)
            .block(Duration.ofSeconds(5));
        assertThat(stored.properties()).containsEntry("utm\uFF0Esource", "newsletter").containsEntry("\uFF04where", "1")
            .containsEntry("campaign", Map.of("a\uFF0Eb", List.of(Map.of("c\uFF0Ed", 1))));

        String bad = "bad-keys-" + UUID.randomUUID();
        send(null, List.of(event("page_view", bad, now, Map.of("utm\u0000source", "x"))))
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].message").isEqualTo("must not contain control characters");
        assertThat(stored(Criteria.where("sessionId").is(bad))).isZero();
    }

    @Test
    void aSessionOverItsRateGetsA429ForTheWholeBatch() {
        String session = "busy-" + UUID.randomUUID();
        List<Map<String, Object>> thirty = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            thirty.add(event("page_view", session, Instant.now(), Map.of()));
        }
        send(null, thirty).expectStatus().isAccepted();
        send(null, thirty).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        assertThat(stored(Criteria.where("sessionId").is(session))).isEqualTo(30);
    }

    @Test
    void theDashboardIsCachedForItsTtlAndOnlyForAdminsWithinAYear() {
        Instant day = Instant.parse("2026-11-18T00:00:00Z");
        String uri = "/api/v1/analytics/dashboard?from=" + day + "&to=" + day.plusSeconds(86400);
        http.get().uri(uri).headers(h -> h.setBearerAuth(admin())).exchange().expectBody()
            .jsonPath("$.eventsByType.length()").isEqualTo(0);
        send(null, List.of(event("search", "cache-" + UUID.randomUUID(), day.plusSeconds(3600), Map.of("query", "lamp"))))
            .expectStatus().isAccepted();
        http.get().uri(uri).headers(h -> h.setBearerAuth(admin())).exchange().expectBody()
            .jsonPath("$.eventsByType.length()").isEqualTo(0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri(uri).headers(h -> h.setBearerAuth(admin()))
            .exchange().expectBody().jsonPath("$.eventsByType[0].type").isEqualTo("search"));

        http.get().uri(uri).headers(h -> h.setBearerAuth(customer(UUID.randomUUID()))).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/analytics/dashboard?from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z")
            .headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isBadRequest();
        http.get().uri(uri + "&interval=week").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/analytics/dashboard?from=yesterday&to=today").headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isBadRequest();
    }
}
