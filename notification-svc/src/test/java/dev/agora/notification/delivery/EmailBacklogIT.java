package dev.agora.notification.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.Ports;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sender with more due than one claim holds, as after a wave of retries come due together: its
 * look every hour here, so only a wake-up (a queued email) makes it look at all.
 */
@SpringBootTest(properties = { "agora.service-client.client-id=notification-svc",
        "agora.service-client.client-secret=test-secret-0123456789", "agora.notifications.poll-interval=1h",
        "agora.notifications.batch-size=5", "agora.notifications.retry-delay=1h" })
@AgoraDatastores
class EmailBacklogIT {

    static final FakeUserService USERS = new FakeUserService(TokenForge.newKey("email-backlog-test"));
    static final GreenMail SMTP = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", "smtp"));

    static {
        SMTP.start();
    }

    @Autowired
    DatabaseClient db;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void close() {
        SMTP.stop();
    }

    @Test
    void aNewEmailQueuedBehindMoreDueRetriesThanOneClaimHoldsGoesOutAtOnce() {
        String address = "behind-" + UUID.randomUUID() + "@example.com";
        String batch = UUID.randomUUID().toString();
        // Twelve retries due, to users whose address is not known (so each attempt fails at once), and the
        // new email last by due time; one statement, so one wake-up.
        db.sql("""
                INSERT INTO notifications (id, user_id, channel, type, subject, body_text, recipient_email, status,
                    next_attempt_at, created_at, data)
                SELECT gen_random_uuid(), CASE WHEN n <= 12 THEN gen_random_uuid() END, 'email', 'test', 'Backlog ' || n,
                    'Body', CASE WHEN n = 13 THEN :address END, 'pending', now() - make_interval(secs => 13 - n), now(),
                    jsonb_build_object('batch', CAST(:batch AS text))
                FROM generate_series(1, 13) n""")
            .bind("address", address)
            .bind("batch", batch)
            .then()
            .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(15)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
            .anyMatch(m -> recipients(m).contains(address)));
        // Every retry was tried, once.
        List<Integer> attempts = db.sql("SELECT attempts FROM notifications WHERE data->>'batch' = :batch AND recipient_email IS NULL")
            .bind("batch", batch)
            .map((row, meta) -> row.get("attempts", Integer.class))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10));
        assertThat(attempts).hasSize(12).containsOnly(1);
    }

    private static String recipients(jakarta.mail.Message m) {
        try {
            return Arrays.toString(m.getAllRecipients());
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
