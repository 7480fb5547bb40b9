package dev.agora.notification.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.PageQuery;

/** Reads notifications. */
@Repository
class InboxRepository {

    private static final String COLUMNS = """
            id, user_id, channel, type, subject, body_text, status, created_at, read_at, sent_at, recipient_email,
            attempts, last_error, body_withheld""";

    /** What the API shows instead of a body that carries a secret. */
    static final String WITHHELD = "(Not shown: this email carries a single-use link meant for its recipient only.)";

    private final DatabaseClient db;

    InboxRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Notification> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM notifications WHERE id = :id").bind("id", id)
            .map(InboxRepository::notification).one()
            .flatMap(n -> db.sql("""
                    SELECT attempt, attempted_at, succeeded, error FROM delivery_attempts
                    WHERE notification_id = :id ORDER BY attempt""")
                .bind("id", id)
                .map((row, meta) -> new Notification.Attempt(row.get("attempt", Integer.class),
                        row.get("attempted_at", Instant.class), row.get("succeeded", Boolean.class),
                        row.get("error", String.class)))
                .all().collectList().map(n::withAttempts));
    }

    Mono<PageQuery.Page<Notification>> inbox(UUID userId, boolean unreadOnly, PageQuery page) {
        String where = " WHERE channel = 'in_app' AND user_id = :u" + (unreadOnly ? " AND read_at IS NULL" : "");
        return page("SELECT count(*) FROM notifications" + where,
                "SELECT " + COLUMNS + " FROM notifications" + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                userId, page);
    }

    Mono<PageQuery.Page<Notification>> failed(PageQuery page) {
        String where = " WHERE status = 'failed'";
        return page("SELECT count(*) FROM notifications" + where,
                "SELECT " + COLUMNS + " FROM notifications" + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                null, page);
    }

    private Mono<PageQuery.Page<Notification>> page(String countSql, String selectSql, UUID userId, PageQuery page) {
        var count = db.sql(countSql);
        var select = db.sql(selectSql);
        if (userId != null) {
            count = count.bind("u", userId);
            select = select.bind("u", userId);
        }
        Mono<Long> total = count.map((row, meta) -> row.get(0, Long.class)).one();
        Mono<List<Notification>> items = select.bind("limit", page.size()).bind("offset", page.offset())
            .map(InboxRepository::notification).all().collectList();
        return Mono.zip(items, total).map(t -> page.page(t.getT1(), t.getT2()));
    }

    /** Marks an in-app notification of the user read; emits whether it was theirs. */
    Mono<Boolean> markRead(UUID id, UUID userId, Instant now) {
        return db.sql("""
                UPDATE notifications SET read_at = COALESCE(read_at, :now)
                WHERE id = :id AND user_id = :u AND channel = 'in_app'""")
            .bind("now", now).bind("id", id).bind("u", userId)
            .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Puts a dead-lettered email back in the queue; emits whether it was dead-lettered. */
    Mono<Boolean> retry(UUID id, Instant now) {
        return db.sql("""
                UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = :now, last_error = NULL
                WHERE id = :id AND status = 'failed'""")
            .bind("now", now).bind("id", id)
            .fetch().rowsUpdated().map(n -> n > 0);
    }

    private static Notification notification(Readable row) {
        Instant readAt = row.get("read_at", Instant.class);
        return new Notification(row.get("id", UUID.class), row.get("user_id", UUID.class), row.get("channel", String.class),
                row.get("type", String.class), row.get("subject", String.class),
                Boolean.TRUE.equals(row.get("body_withheld", Boolean.class)) ? WITHHELD : row.get("body_text", String.class),
                DeliveryStatus.of(row.get("status", String.class)), readAt != null, row.get("created_at", Instant.class), readAt,
                row.get("sent_at", Instant.class), row.get("recipient_email", String.class),
                row.get("attempts", Integer.class), row.get("last_error", String.class), List.of());
    }
}
