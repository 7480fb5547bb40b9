package dev.agora.defaults.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.testsupport.AgoraDatastores;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox against real PostgreSQL and Redis: an event exists exactly when its transaction
 * committed, reaches the stream, and is forgotten after the retention.
 */
@SpringBootTest(classes = OutboxIT.App.class, properties = { "agora.outbox.stream=agora:events:test",
        "agora.outbox.poll-interval=50ms", "spring.main.web-application-type=none" })
@AgoraDatastores
class OutboxIT {

    @SpringBootApplication
    static class App {
    }

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void committedEventsArePublishedAndRolledBackOnesNeverExist() {
        var committed = tx.transactional(outbox.append("thing.happened", "a-1", Map.of("n", 1))).block(Duration.ofSeconds(5));
        tx.transactional(outbox.append("thing.happened", "a-2", Map.of("n", 2))
            .then(Mono.error(new IllegalStateException("rollback")))).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));

        var published = Mono.defer(() -> redis.opsForStream().read(StreamOffset.fromStart("agora:events:test"))
                .filter(r -> committed.id().toString().equals(r.getValue().get("id")))
                .next())
            .repeatWhenEmpty(100, f -> f.delayElements(Duration.ofMillis(50)))
            .block(Duration.ofSeconds(10));
        assertThat(published).isNotNull();
        assertThat(published.getValue().get("type")).isEqualTo("thing.happened");

        // This test's own rows: the class's other tests write theirs to the same outbox.
        Long rows = db.sql("SELECT count(*) AS n FROM outbox WHERE subject IN ('a-1', 'a-2')").map(r -> r.get("n", Long.class))
            .one().block(Duration.ofSeconds(5));
        Long unpublished = db.sql("SELECT count(*) AS n FROM outbox WHERE subject IN ('a-1', 'a-2') AND published_at IS NULL")
            .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(rows).isEqualTo(1);
        assertThat(unpublished).isZero();
        var all = redis.opsForStream().read(StreamOffset.fromStart("agora:events:test")).collectList().block(Duration.ofSeconds(5));
        assertThat(all).noneMatch(r -> r.getValue().get("envelope").toString().contains("a-2"));
    }

    @Test
    void aPreparedEventIsWrittenByTheCallersOwnStatementExactlyWhenItWritesTheChange() {
        db.sql("CREATE TABLE IF NOT EXISTS things (id text PRIMARY KEY)").then().block(Duration.ofSeconds(5));
        String write = """
                WITH made AS (INSERT INTO things (id) VALUES (:thing) ON CONFLICT DO NOTHING RETURNING id),
                event AS (INSERT INTO outbox %s SELECT %s FROM made)
                SELECT count(*) AS n FROM made""".formatted(OutboxWriter.Prepared.COLUMNS, OutboxWriter.Prepared.VALUES_LIST);
        var first = outbox.prepare("thing.made", "b-1", Map.of("n", 1)).block(Duration.ofSeconds(5));
        var again = outbox.prepare("thing.made", "b-1", Map.of("n", 2)).block(Duration.ofSeconds(5));

        Long made = first.bind(db.sql(write).bind("thing", "b-1")).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        Long madeAgain = again.bind(db.sql(write).bind("thing", "b-1")).map(r -> r.get("n", Long.class)).one()
            .block(Duration.ofSeconds(5));

        assertThat(made).isEqualTo(1);
        assertThat(madeAgain).isZero();
        assertThat(db.sql("SELECT id FROM outbox WHERE subject = 'b-1'").map(r -> r.get("id", java.util.UUID.class)).all().collectList()
            .block(Duration.ofSeconds(5))).containsExactly(first.envelope().id());
        // The relay publishes it as it publishes an appended one.
        var published = Mono.defer(() -> redis.opsForStream().read(StreamOffset.fromStart("agora:events:test"))
                .filter(r -> first.envelope().id().toString().equals(r.getValue().get("id")))
                .next())
            .repeatWhenEmpty(100, f -> f.delayElements(Duration.ofMillis(50)))
            .block(Duration.ofSeconds(10));
        assertThat(published).isNotNull();
        assertThat(published.getValue().get("type")).isEqualTo("thing.made");
        assertThat(published.getValue().get("envelope").toString()).contains("\"subject\": \"b-1\"")
            .contains("\"data\": {\"n\": 1}");
    }

    @Test
    void forgetsPublishedEventsOnceTheyAreOlderThanTheRetention() {
        Instant now = Instant.now();
        insertPublished("c-old", now.minus(Duration.ofDays(8)));
        insertPublished("c-recent", now.minus(Duration.ofHours(1)));

        // The relay forgets at most every 5 s, on a pass (every 50 ms here); the default retention is 7 days.
        Long old = Mono.defer(() -> count("c-old")).filter(n -> n == 0)
            .repeatWhenEmpty(300, f -> f.delayElements(Duration.ofMillis(50)))
            .block(Duration.ofSeconds(20));

        assertThat(old).isZero();
        assertThat(count("c-recent").block(Duration.ofSeconds(5))).isEqualTo(1);
    }

    @Test
    void forgettingPublishedEventsReadsAnIndexNotTheWholeOutbox() {
        // A week of events is what the table holds at the default retention: the relay's delete, a
        // few seconds apart, must find the expired ones without reading the rest.
        db.sql("""
                INSERT INTO outbox (id, stream, type, subject, envelope, occurred_at, published_at)
                SELECT gen_random_uuid(), 'agora:events:test', 'thing.kept', 'd-' || n, '{}'::jsonb, now() - interval '1 hour',
                       now() - interval '1 hour' FROM generate_series(1, 20000) n""").then().block(Duration.ofSeconds(30));
        try {
            db.sql("ANALYZE outbox").then().block(Duration.ofSeconds(30));

            String plan = String.join("\n", db.sql("EXPLAIN " + OutboxRelay.FORGET_PUBLISHED)
                .bind("cutoff", Instant.now().minus(Duration.ofDays(7)))
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5)));

            assertThat(plan).contains("outbox_published_idx").doesNotContain("Seq Scan");
        }
        finally {
            db.sql("DELETE FROM outbox WHERE subject LIKE 'd-%'").then().block(Duration.ofSeconds(30));
        }
    }

    private void insertPublished(String subject, Instant at) {
        db.sql("""
                INSERT INTO outbox (id, stream, type, subject, envelope, occurred_at, published_at)
                VALUES (gen_random_uuid(), 'agora:events:test', 'thing.happened', :subject, '{}'::jsonb, :at, :at)""")
            .bind("subject", subject)
            .bind("at", at)
            .then()
            .block(Duration.ofSeconds(5));
    }

    private Mono<Long> count(String subject) {
        return db.sql("SELECT count(*) AS n FROM outbox WHERE subject = :subject").bind("subject", subject)
            .map(row -> row.get("n", Long.class)).one();
    }
}
