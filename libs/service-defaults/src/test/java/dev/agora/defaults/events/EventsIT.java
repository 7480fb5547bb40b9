package dev.agora.defaults.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.EmbeddedRedis;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer against real PostgreSQL and a Redis of its own (so that it can be stopped): once
 * per event and handler despite redelivery, one handler's failure kept from the others, poison
 * events dead-lettered without holding up the rest, and nothing lost while Redis is away.
 */
@SpringBootTest(classes = EventsIT.App.class, properties = { "spring.application.name=events-it",
        "agora.outbox.stream=agora:events:things", "agora.outbox.poll-interval=50ms",
        "agora.events.poll-interval=50ms", "agora.events.claim-idle=300ms", "agora.events.max-deliveries=3",
        "agora.events.concurrency=4",
        "spring.main.web-application-type=none" })
@AgoraDatastores(redis = false)
class EventsIT {

    static final EmbeddedRedis REDIS = EmbeddedRedis.start(0, tempDir());

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", REDIS::url);
        registry.add("spring.data.redis.timeout", () -> "1s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @SpringBootApplication
    static class App {

        @Bean
        Recorder recorder(DatabaseClient db) {
            return new Recorder(db);
        }

        @Bean
        Auditor auditor() {
            return new Auditor();
        }

        @Bean
        Gate gate() {
            return new Gate();
        }
    }

    /** Handles {@code thing.gated}, holding an event that says so until the test opens the gate. */
    static final class Gate implements EventHandler {

        final Sinks.Empty<Void> open = Sinks.empty();
        final List<String> started = new CopyOnWriteArrayList<>();

        @Override
        public String stream() {
            return "agora:events:things";
        }

        @Override
        public Set<String> types() {
            return Set.of("thing.gated");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            started.add(event.data().path("step").asString());
            return event.data().path("hold").asBoolean() ? open.asMono() : Mono.empty();
        }
    }

    /** A second handler of {@code thing.shared}, whose dependency is down: it fails every time. */
    static final class Auditor implements EventHandler {

        final List<Instant> attempts = new CopyOnWriteArrayList<>();

        @Override
        public String stream() {
            return "agora:events:things";
        }

        @Override
        public Set<String> types() {
            return Set.of("thing.shared");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            attempts.add(Instant.now());
            return Mono.error(new IllegalStateException("audit log unavailable"));
        }
    }

    /** Records each handled event in the database, inside the consumer's transaction. */
    static final class Recorder implements EventHandler {

        final DatabaseClient db;
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

        Recorder(DatabaseClient db) {
            this.db = db;
        }

        @Override
        public String stream() {
            return "agora:events:things";
        }

        @Override
        public Set<String> types() {
            return Set.of("thing.happened", "thing.flaky", "thing.poison", "thing.shared");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            int attempt = attempts.computeIfAbsent(event.subject(), s -> new AtomicInteger()).incrementAndGet();
            if (event.type().equals("thing.poison") || (event.type().equals("thing.flaky") && attempt < 2)) {
                return Mono.error(new IllegalStateException("cannot handle " + event.subject()));
            }
            return db.sql("CREATE TABLE IF NOT EXISTS handled (subject text NOT NULL)").then()
                .then(db.sql("INSERT INTO handled (subject) VALUES (:s)").bind("s", event.subject()).then());
        }
    }

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    Recorder recorder;

    @Autowired
    Auditor auditor;

    @Autowired
    Gate gate;

    @Autowired
    MeterRegistry meters;

    @Test
    void handlesEachEventOnceEvenWhenDeliveredTwice() {
        publish("thing.happened", "dup-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled("dup-1") == 1);
        // The relay may publish an event twice (crash between XADD and commit); replay that.
        var original = redis.opsForStream().read(StreamOffset.fromStart("agora:events:things"))
            .filter(r -> String.valueOf(r.getValue().get("envelope")).contains("dup-1"))
            .blockFirst(Duration.ofSeconds(5));
        redis.opsForStream().add(StreamRecords.newRecord().in("agora:events:things").ofMap(original.getValue()))
            .block(Duration.ofSeconds(5));
        publish("thing.happened", "dup-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled("dup-2") == 1);
        assertThat(handled("dup-1")).isEqualTo(1);
        assertThat(recorder.attempts.get("dup-1")).hasValue(1);
    }

    @Test
    void retriesAFailedEventAfterItIdled() {
        publish("thing.flaky", "flaky-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled("flaky-1") == 1);
        assertThat(recorder.attempts.get("flaky-1")).hasValue(2);
    }

    @Test
    void deadLettersAPoisonEventWithoutHoldingUpTheRest() {
        publish("thing.poison", "poison-1");
        publish("thing.happened", "after-poison");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled("after-poison") == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().stream()
            .anyMatch(e -> String.valueOf(e.get("envelope")).contains("poison-1")));
        var entry = deadLetters().stream().filter(e -> String.valueOf(e.get("envelope")).contains("poison-1")).findFirst().orElseThrow();
        assertThat(entry).containsEntry("type", "thing.poison").containsEntry("deliveries", "3")
            .containsEntry("stream", "agora:events:things").containsEntry("group", "events-it");
        assertThat(String.valueOf(entry.get("error"))).contains("cannot handle poison-1");
        assertThat(recorder.attempts.get("poison-1")).hasValue(3);
        assertThat(handled("poison-1")).isZero();
        assertThat(meters.get("agora.events.dead.lettered").tag("stream", "agora:events:things").counter().count())
            .isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("agora.events.pending")
            .tag("stream", "agora:events:things").gauge().value() == 0);
    }

    @Test
    void aFailingHandlerNeitherUndoesNorRepeatsAnotherHandlersWorkAndIsRetriedLessAndLessOften() {
        publish("thing.shared", "shared-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled("shared-1") == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().stream()
            .anyMatch(e -> String.valueOf(e.get("envelope")).contains("shared-1")));
        assertThat(handled("shared-1")).isEqualTo(1);
        assertThat(recorder.attempts.get("shared-1")).hasValue(1);
        var entry = deadLetters().stream().filter(e -> String.valueOf(e.get("envelope")).contains("shared-1")).findFirst().orElseThrow();
        assertThat(String.valueOf(entry.get("error"))).contains("events-it:auditor", "audit log unavailable")
            .doesNotContain("recorder");
        // Redelivered after claim-idle (300 ms), then after twice that. Redis times the idle from each
        // delivery, a few milliseconds before the handler runs, so the handler's clock sees it a
        // little blurred; without the doubling the second gap would be 300-350 ms (claim-idle plus
        // at most one 50 ms poll).
        assertThat(auditor.attempts).hasSize(3);
        assertThat(Duration.between(auditor.attempts.get(0), auditor.attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(Duration.between(auditor.attempts.get(1), auditor.attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void losesNothingWhileRedisIsDown() {
        REDIS.stop();
        try {
            for (int i = 0; i < 20; i++) {
                publish("thing.happened", "outage-" + i);
            }
        }
        finally {
            REDIS.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> handledLike("outage-%") == 20);
        for (int i = 0; i < 20; i++) {
            assertThat(handled("outage-" + i)).as("outage-" + i).isEqualTo(1);
        }
    }

    @Test
    void recreatesItsGroupWhenRedisLostIt() {
        publish("thing.happened", "before-loss");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled("before-loss") == 1);
        // What a Redis restart without persistence, or a flush, leaves behind.
        redis.delete("agora:events:things").block(Duration.ofSeconds(5));
        publish("thing.happened", "after-loss");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled("after-loss") == 1);
    }

    @Test
    void acknowledgesTheEntriesOfOneReadInOneRoundTrip() {
        // Ten entries that appear at once, as a relay's batch does, so that one read returns them all.
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            envelopes.add(StreamEvents.entry(UUID.randomUUID(), "thing.happened", Instant.now(), "batch-" + i,
                    Map.of("subject", "batch-" + i)).get("envelope"));
        }
        long acks = calls("xack");
        redis.execute(RedisScript.of("""
                for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'type', 'thing.happened', 'envelope', ARGV[i]) end
                return #ARGV""", Long.class), List.of("agora:events:things"), envelopes).blockLast(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> handledLike("batch-%") == 10);
        // Acknowledged after the last of them, and nothing more comes for them in a few polls.
        await().atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(300)).until(() -> calls("xack") > acks);
        // One for the read's ten; another test's redelivery may add one of its own meanwhile.
        assertThat(calls("xack") - acks).isBetween(1L, 2L);
    }

    @Test
    void handlesOtherSubjectsEventsWhileOneWaitsAndOneSubjectsEventsInStreamOrder() {
        try {
            // One read's entries, as a relay's batch appears: a-1 waits for the gate, a-2 comes after it.
            List<String> envelopes = List.of(gated("gate-a", "a-1", true), gated("gate-a", "a-2", false),
                    gated("gate-b", "b-1", false));
            redis.execute(RedisScript.of("""
                    for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'type', 'thing.gated', 'envelope', ARGV[i]) end
                    return #ARGV""", Long.class), List.of("agora:events:things"), envelopes).blockLast(Duration.ofSeconds(5));
            // Another order's event is not held up by the one whose handler waits...
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.started.contains("b-1"));
            // ...but the waiting one's next event is, so that one subject's events keep their order.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !gate.started.contains("a-2"));
            // a-1 and b-1 are handled at once: which of them records its start first is a race.
            assertThat(gate.started).containsExactlyInAnyOrder("a-1", "b-1");
        }
        finally {
            gate.open.tryEmitEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.started.contains("a-2"));
        assertThat(gate.started).containsExactlyInAnyOrder("a-1", "b-1", "a-2");
        assertThat(gate.started.getLast()).isEqualTo("a-2");
    }

    private static String gated(String subject, String step, boolean hold) {
        return StreamEvents.entry(UUID.randomUUID(), "thing.gated", Instant.now(), subject, Map.of("step", step, "hold", hold))
            .get("envelope");
    }

    /** How many times Redis ran {@code command} so far. */
    private long calls(String command) {
        String stats = redis.execute(connection -> connection.serverCommands().info("commandstats"))
            .next().map(info -> info.getProperty("cmdstat_" + command, "calls=0,")).block(Duration.ofSeconds(5));
        return Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }

    private void publish(String type, String subject) {
        tx.transactional(outbox.append(type, subject, Map.of("subject", subject))).block(Duration.ofSeconds(5));
    }

    private long handled(String subject) {
        return count("SELECT count(*) AS n FROM handled WHERE subject = :s", subject);
    }

    private long handledLike(String pattern) {
        return count("SELECT count(*) AS n FROM handled WHERE subject LIKE :s", pattern);
    }

    private long count(String sql, String param) {
        return db.sql("SELECT to_regclass('handled') IS NOT NULL AS present").map(r -> r.get("present", Boolean.class)).one()
            .flatMap(present -> present ? db.sql(sql).bind("s", param).map(r -> r.get("n", Long.class)).one() : Mono.just(0L))
            .block(Duration.ofSeconds(5));
    }

    private List<Map<Object, Object>> deadLetters() {
        return redis.opsForStream().read(StreamOffset.fromStart("agora:dlq:events-it"))
            .map(r -> r.getValue())
            .collectList()
            .block(Duration.ofSeconds(5));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("events-it-redis");
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
