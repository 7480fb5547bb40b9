package dev.agora.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import dev.agora.defaults.PollingLoop;
import dev.agora.defaults.r2dbc.PgNotifications;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.tracing.EventTracing;
import dev.agora.notification.NotificationProperties;
import dev.agora.notification.inbox.DeliveryStatus;

/**
 * Sends due emails over SMTP. Claims a batch by pushing its next attempt a lease ahead (several
 * instances never send one email at once; a crash mid-send means it is sent again after the lease),
 * sends off the event loop over kept connections ({@link SmtpConnections}), and records the attempt:
 * sent, or retried with exponential backoff, or after {@code max-attempts} dead-lettered as
 * {@code failed} for an admin to look at and retry. A record the database refuses is written again
 * within the lease rather than the email sent again.
 */
@Component
class EmailSender extends PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

    /** About 40 s of retries, well within the send lease, long enough for a database restart or failover. */
    private static final Retry RECORDING = Retry.backoff(8, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(10));

    /** A claimed email; {@code address}: its fixed recipient's, else its user's now, null if none is known. */
    private record Due(UUID id, UUID userId, String address, String subject, String text, String html, int attempts,
            String traceparent) {
    }

    private final DatabaseClient db;
    private final SmtpConnections smtp;
    private final NotificationProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final EventTracing tracing;

    private final ConnectionFactory connections;

    EmailSender(DatabaseClient db, SmtpConnections smtp, NotificationProperties properties, MeterRegistry meters, Clock clock,
            EventTracing tracing, ConnectionFactory connections) {
        super(Duration.ofSeconds(1), properties.pollInterval(), Duration.ofMillis(10));
        this.connections = connections;
        this.db = db;
        this.smtp = smtp;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** A queued email's commit (db/migration V5's trigger). */
    @Override
    protected Flux<?> wakeUps() {
        return PgNotifications.listen(connections, "agora_email");
    }

    /**
     * Sends what is due, a batch at a time, until a claim comes back short. A wake-up or a tick starts
     * one pass, so a pass that stopped at one full batch left the rest (a wave of retries come due
     * together, say) until the next tick, and a new email queued behind them waited with them.
     */
    @Override
    protected Mono<Void> poll() {
        // Checked without a thread hop, so that an idle pass with nothing kept costs nothing more.
        Mono<Void> closeStale = Mono.defer(() -> smtp.hasStale()
                ? Mono.<Void>fromRunnable(smtp::closeStale).subscribeOn(Schedulers.boundedElastic())
                : Mono.empty());
        return closeStale.then(untilShort(properties.batchSize(), this::sendBatch)).then();
    }

    /** Claims one batch of due emails and sends them; emits how many were claimed. */
    private Mono<Integer> sendBatch() {
        Instant now = now();
        return db.sql("""
                UPDATE notifications n SET next_attempt_at = :lease, attempts = n.attempts + 1
                FROM (SELECT id FROM notifications WHERE channel = 'email' AND status = 'pending' AND next_attempt_at <= :now
                      ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED) due
                WHERE n.id = due.id
                RETURNING n.id, n.user_id, n.subject, n.body_text, n.body_html, n.attempts, n.traceparent,
                    -- A user's address as it is now, read with the claim rather than in a statement per email.
                    COALESCE(n.recipient_email, (SELECT r.email FROM recipients r WHERE r.user_id = n.user_id)) AS address""")
            .bind("lease", now.plus(properties.sendLease()))
            .bind("now", now)
            .bind("batch", properties.batchSize())
            .map((row, meta) -> new Due(row.get("id", UUID.class), row.get("user_id", UUID.class),
                    row.get("address", String.class), row.get("subject", String.class),
                    row.get("body_text", String.class), row.get("body_html", String.class),
                    row.get("attempts", Integer.class), row.get("traceparent", String.class)))
            .all()
            .collectList()
            .flatMap(claimed -> Flux.fromIterable(claimed).flatMap(this::deliver, SmtpConnections.KEPT).then(Mono.just(claimed.size())));
    }

    private Mono<Void> deliver(Due due) {
        // The send continues the trace of the event that queued the mail: one checkout, one trace, SMTP included.
        Mono<Void> send = Mono.justOrEmpty(due.address())
            .switchIfEmpty(Mono.error(() -> new IllegalStateException("no email address known for user " + due.userId())))
            .flatMap(to -> Mono.<Void>fromRunnable(() -> send(to, due)).subscribeOn(Schedulers.boundedElastic()))
            .doOnSuccess(v -> log.info("Email {} sent", due.id()));
        return tracing.continued("agora.mail.send", "smtp send", due.traceparent(), send)
            .then(Mono.just(Optional.<String>empty()))
            .onErrorResume(ex -> Mono.just(Optional.of(ex.getClass().getSimpleName() + ": " + ex.getMessage())))
            .flatMap(error -> record(due, error.orElse(null))
                // Whatever the database says now, the attempt happened: it is recorded again, not made
                // again, so that a database blip after the send does not mail the recipient twice.
                .retryWhen(RECORDING)
                .onErrorResume(ex -> {
                    log.error("Email {}: attempt {} could not be recorded; it is sent again after its lease: {}", due.id(),
                            due.attempts(), ex.toString());
                    return Mono.empty();
                }));
    }

    private void send(String to, Due due) {
        try {
            MimeMessage message = smtp.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, due.html() != null, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from());
            helper.setTo(to);
            helper.setSubject(due.subject());
            if (due.html() != null) {
                helper.setText(due.text(), due.html());
            }
            else {
                helper.setText(due.text());
            }
            message.setHeader("X-Agora-Notification", due.id().toString());
            smtp.send(message);
        }
        catch (jakarta.mail.MessagingException ex) {
            throw new MailSendException(ex.getMessage(), ex);
        }
    }

    /** Records one attempt: sent, retry later, or dead-lettered. */
    private Mono<Void> record(Due due, String error) {
        Instant now = now();
        boolean sent = error == null;
        boolean dead = !sent && due.attempts() >= properties.maxAttempts();
        if (!sent) {
            log.warn("Email {} attempt {} failed{}: {}", due.id(), due.attempts(), dead ? " (dead-lettered)" : "", error);
        }
        meters.counter("agora.notifications.deliveries", "outcome", sent ? "sent" : dead ? "dead_lettered" : "retry")
            .increment();
        // One statement, so the attempt and the email's new status are written together or not at all.
        var record = db.sql("""
                WITH recorded AS (
                    UPDATE notifications SET status = :status, next_attempt_at = :next, last_error = :error,
                        sent_at = CASE WHEN :sent THEN CAST(:now AS timestamptz) ELSE sent_at END,
                        -- A secret (a reset link) is kept only until its email has gone out.
                        body_text = CASE WHEN :sent AND body_withheld THEN '' ELSE body_text END,
                        body_html = CASE WHEN :sent AND body_withheld THEN NULL ELSE body_html END
                    WHERE id = :id
                    RETURNING id)
                INSERT INTO delivery_attempts (notification_id, attempt, attempted_at, succeeded, error)
                SELECT id, (SELECT COALESCE(max(attempt), 0) + 1 FROM delivery_attempts WHERE notification_id = :id),
                    :now, :sent, :error
                FROM recorded""")
            .bind("status", (sent ? DeliveryStatus.SENT : dead ? DeliveryStatus.FAILED : DeliveryStatus.PENDING).value())
            .bind("sent", sent)
            .bind("now", now)
            .bind("id", due.id());
        record = record.bind("next", SqlValues.orNull(sent || dead ? null : now.plus(backoff(due.attempts())), Instant.class));
        record = record.bind("error", SqlValues.orNull(error == null ? null : truncate(error), String.class));
        return record.then();
    }

    private Duration backoff(int attempts) {
        Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(properties.retryMaxDelay()) > 0 ? properties.retryMaxDelay() : delay;
    }

    private static String truncate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
