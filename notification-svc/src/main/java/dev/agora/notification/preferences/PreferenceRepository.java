package dev.agora.notification.preferences;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The email choices users made, per topic, in PostgreSQL.
 */
@Repository
class PreferenceRepository {

    private final DatabaseClient db;

    PreferenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The user's stored choices; topics without one are at their default. */
    Mono<Map<Topic, Boolean>> emailChoices(UUID user) {
        return db.sql("SELECT topic, email FROM notification_preferences WHERE user_id = :user").bind("user", user)
            .map(r -> Map.entry(Topic.of(r.get("topic", String.class)), Boolean.TRUE.equals(r.get("email", Boolean.class))))
            .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<Void> setEmail(UUID user, Topic topic, boolean email, Instant now) {
        return db.sql("""
                INSERT INTO notification_preferences (user_id, topic, email, updated_at) VALUES (:user, :topic, :email, :now)
                ON CONFLICT (user_id, topic) DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at""")
            .bind("user", user).bind("topic", topic.value()).bind("email", email).bind("now", now).then();
    }
}
