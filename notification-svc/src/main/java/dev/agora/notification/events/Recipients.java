package dev.agora.notification.events;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.notification.inbox.Notifier;
import dev.agora.defaults.events.types.EmailVerified;
import dev.agora.defaults.events.types.UserRegistered;

/**
 * {@code user.registered}: remembers how to reach the user, and welcomes them;
 * {@code user.email_verified}: remembers that the address is proven, which marketing mail needs.
 */
@Component
class Recipients {

    private final DatabaseClient db;
    private final Notifier notifier;
    private final Clock clock;

    Recipients(DatabaseClient db, Notifier notifier, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.clock = clock;
    }

    Mono<Void> handle(ReceivedEvent event) {
        UserRegistered user = event.data(UserRegistered.class);
        UUID userId = user.userId();
        String email = user.email();
        String name = user.name();
        var upsert = db.sql("""
                INSERT INTO recipients (user_id, email, name, updated_at) VALUES (:u, :e, :n, :now)
                ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at""")
            .bind("u", userId)
            .bind("e", email)
            .bind("now", clock.instant());
        upsert = upsert.bind("n", SqlValues.orNull(name, String.class));
        return upsert.then()
            .then(notifier.notify(new Notifier.Recipient(userId, null), event.type(), Map.of("email", email),
                    Set.of(Notifier.EMAIL, Notifier.IN_APP), event.id()))
            .then();
    }

    /** Either event may come first: the registration keeps the proof, the proof keeps the registration's name. */
    Mono<Void> verified(ReceivedEvent event) {
        EmailVerified verified = event.data(EmailVerified.class);
        return db.sql("""
                INSERT INTO recipients (user_id, email, email_verified, updated_at) VALUES (:u, :e, true, :now)
                ON CONFLICT (user_id) DO UPDATE SET email_verified = recipients.email = EXCLUDED.email OR recipients.email_verified""")
            .bind("u", verified.userId())
            .bind("e", verified.email())
            .bind("now", clock.instant())
            .then();
    }
}
