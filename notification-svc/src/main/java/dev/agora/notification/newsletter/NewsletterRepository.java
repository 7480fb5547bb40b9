package dev.agora.notification.newsletter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.web.PageQuery;

/** Newsletters (db/migration V7) and who is still to get one. */
@Repository
class NewsletterRepository {

    /** A newsletter being sent, as a batch needs it. */
    record Sending(UUID id, String subject, String text, UUID lastUserId) {
    }

    /** A user to hand a newsletter to, and whether by email too. */
    record Audience(UUID userId, boolean email) {
    }

    private static final String COLUMNS = "id, subject, body_text, status, emailed, delivered, created_by, created_at, completed_at";

    /** Below every user id: where a newsletter that has reached nobody yet resumes. */
    private static final UUID FIRST = new UUID(0, 0);

    private final DatabaseClient db;

    NewsletterRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a newsletter to send, unless its admin already stored one under this key: emits
     * whether it stored it. A concurrent insert under the same key waits for the first to commit.
     */
    Mono<Boolean> insert(UUID id, String subject, String text, UUID createdBy, Instant now, String key, String requestHash) {
        return db.sql("""
                INSERT INTO newsletters (id, subject, body_text, created_by, created_at, status, idempotency_key, request_hash)
                VALUES (:id, :subject, :text, :by, :now, 'sending', :key, :hash)
                ON CONFLICT (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""")
            .bind("id", id)
            .bind("subject", subject)
            .bind("text", text)
            .bind("by", createdBy)
            .bind("now", now)
            .bind("key", key)
            .bind("hash", requestHash)
            .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The newsletter an admin stored under a key, with the hash of the request that stored it. */
    Mono<Keyed> findByKey(UUID createdBy, String key) {
        return db.sql("SELECT " + COLUMNS + ", request_hash FROM newsletters WHERE created_by = :by AND idempotency_key = :key")
            .bind("by", createdBy).bind("key", key)
            .map(row -> new Keyed(newsletter(row), row.get("request_hash", String.class))).one();
    }

    record Keyed(Newsletter newsletter, String requestHash) {
    }

    Mono<Newsletter> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM newsletters WHERE id = :id").bind("id", id)
            .map(NewsletterRepository::newsletter).one();
    }

    Mono<PageQuery.Page<Newsletter>> page(PageQuery page) {
        Mono<Long> total = db.sql("SELECT count(*) AS n FROM newsletters").map(r -> r.get("n", Long.class)).one();
        Mono<List<Newsletter>> items = db.sql("SELECT " + COLUMNS
                + " FROM newsletters ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
            .bind("limit", page.size())
            .bind("offset", page.offset())
            .map(NewsletterRepository::newsletter)
            .all()
            .collectList();
        return Mono.zip(items, total).map(t -> page.page(t.getT1(), t.getT2()));
    }

    /** The oldest newsletter still being sent that no other instance is sending now; locked until commit. */
    Mono<Sending> lockNextSending() {
        return db.sql("""
                SELECT id, subject, body_text, last_user_id FROM newsletters WHERE status = 'sending'
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
            .map((row, meta) -> new Sending(row.get("id", UUID.class), row.get("subject", String.class),
                    row.get("body_text", String.class), row.get("last_user_id", UUID.class)))
            .one();
    }

    /**
     * The next users after {@code after}, in id order: every known user gets the inbox copy; email
     * only a proven address whose user has not turned marketing off.
     */
    Flux<Audience> audienceAfter(UUID after, int limit) {
        return db.sql("""
                SELECT r.user_id, r.email_verified AND coalesce(p.email, true) AS email FROM recipients r
                LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.topic = 'marketing'
                WHERE r.user_id > :after ORDER BY r.user_id LIMIT :limit""")
            .bind("after", after == null ? FIRST : after)
            .bind("limit", limit)
            .map((row, meta) -> new Audience(row.get("user_id", UUID.class), Boolean.TRUE.equals(row.get("email", Boolean.class))))
            .all();
    }

    /** Records a batch: how far it got, what it queued, and whether that was the last. */
    Mono<Void> advance(UUID id, UUID lastUserId, int emailed, int delivered, boolean done, Instant now) {
        var update = db.sql("""
                UPDATE newsletters SET last_user_id = coalesce(:last, last_user_id), emailed = emailed + :emailed,
                    delivered = delivered + :delivered, status = CASE WHEN :done THEN 'sent' ELSE status END,
                    completed_at = CASE WHEN :done THEN CAST(:now AS timestamptz) ELSE completed_at END
                WHERE id = :id""")
            .bind("id", id)
            .bind("emailed", emailed)
            .bind("delivered", delivered)
            .bind("done", done)
            .bind("now", now);
        return update.bind("last", SqlValues.orNull(lastUserId, UUID.class)).then();
    }

    private static Newsletter newsletter(Readable row) {
        return new Newsletter(row.get("id", UUID.class), row.get("subject", String.class), row.get("body_text", String.class),
                NewsletterStatus.of(row.get("status", String.class)), row.get("emailed", Integer.class),
                row.get("delivered", Integer.class), row.get("created_by", UUID.class), row.get("created_at", Instant.class),
                row.get("completed_at", Instant.class));
    }
}
