package dev.agora.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.tracing.EventTracing;
import dev.agora.notification.template.Templates;

/**
 * Creates notifications: an in-app message in the user's inbox and/or an email queued for
 * delivery, each rendered from the type's templates. Runs in the caller's transaction (the event
 * consumer's, so that a redelivered event creates nothing twice).
 */
@Service
public class Notifier {

    public static final String EMAIL = "email";
    public static final String IN_APP = "in_app";

    /**
     * Who gets it.
     *
     * @param userId the user (inbox owner; their email address is looked up at send time), or null
     * @param email a fixed address instead of the user's (a vendor's contact address), or null
     */
    public record Recipient(UUID userId, String email) {
    }

    private final DatabaseClient db;
    private final Templates templates;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final EventTracing tracing;
    private final TransactionalOperator tx;

    Notifier(DatabaseClient db, Templates templates, JsonMapper json, MeterRegistry meters, Clock clock,
            EventTracing tracing, TransactionalOperator tx) {
        this.db = db;
        this.templates = templates;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.tracing = tracing;
        this.tx = tx;
    }

    /** A message someone sends directly (not an event's): {@link #notify} in a transaction of its own. */
    public Mono<UUID> sendDirect(Recipient to, Map<String, Object> data, Set<String> channels) {
        return tx.transactional(notify(to, "direct", data, channels, null));
    }

    /** Creates one notification per channel; emits the id of the in-app one, else of the email. */
    public Mono<UUID> notify(Recipient to, String type, Map<String, Object> data, Set<String> channels, UUID sourceEvent) {
        return notify(to, type, data, Map.of(), channels, sourceEvent);
    }

    /**
     * An email that carries a secret (a single-use link): the templates see {@code secret}, which is
     * kept out of the stored data, and the body is withheld from every API view. Email only.
     */
    public Mono<UUID> notifyWithSecret(Recipient to, String type, Map<String, Object> data, Map<String, Object> secret,
            UUID sourceEvent) {
        return notify(to, type, data, secret, Set.of(EMAIL), sourceEvent);
    }

    private Mono<UUID> notify(Recipient to, String type, Map<String, Object> data, Map<String, Object> secret,
            Set<String> channels, UUID sourceEvent) {
        boolean withheld = !secret.isEmpty();
        return name(to.userId()).defaultIfEmpty("there").flatMap(name -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", name);
            model.put("data", data);
            model.put("orderRef", orderRef(data));
            model.put("secret", secret);
            Mono<UUID> email = channels.contains(EMAIL)
                    ? templates.email(type, model)
                        .flatMap(r -> insert(to, EMAIL, type, r, DeliveryStatus.PENDING, data, sourceEvent, withheld))
                    : Mono.empty();
            Mono<UUID> inApp = channels.contains(IN_APP) && to.userId() != null && !withheld
                    ? templates.inApp(type, model)
                        .flatMap(r -> insert(to, IN_APP, type, r, DeliveryStatus.DELIVERED, data, sourceEvent, false))
                    : Mono.empty();
            return email.flatMap(e -> inApp.defaultIfEmpty(e)).switchIfEmpty(inApp);
        }).doOnNext(id -> meters.counter("agora.notifications.created", "type", type).increment());
    }

    /**
     * The order's human reference as order-svc events ({@code reference}) and payment-svc events
     * ({@code orderReference}) carry it. Events written before references existed fall back to the
     * order id in full: its first characters alone are the same for every order of the same minute.
     */
    static String orderRef(Map<String, Object> data) {
        for (String key : new String[] { "reference", "orderReference" }) {
            if (data.get(key) instanceof String reference && !reference.isBlank()) {
                return reference;
            }
        }
        Object orderId = data.get("orderId");
        return orderId == null ? "" : orderId.toString();
    }

    private Mono<String> name(UUID userId) {
        return userId == null ? Mono.empty()
                : db.sql("SELECT name FROM recipients WHERE user_id = :u AND name IS NOT NULL").bind("u", userId)
                    .map((row, meta) -> row.get("name", String.class)).one();
    }

    private Mono<UUID> insert(Recipient to, String channel, String type, Templates.Rendered message, DeliveryStatus status,
            Map<String, Object> data, UUID sourceEvent, boolean withheld) {
        return Mono.deferContextual(context -> insert(to, channel, type, message, status, data, sourceEvent, withheld,
                tracing.traceparent(context).orElse(null)));
    }

    private Mono<UUID> insert(Recipient to, String channel, String type, Templates.Rendered message, DeliveryStatus status,
            Map<String, Object> data, UUID sourceEvent, boolean withheld, String traceparent) {
        UUID id = Uuids.v7();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var insert = db.sql("""
                INSERT INTO notifications (id, user_id, channel, type, subject, body_text, body_html, recipient_email, status,
                    next_attempt_at, source_event_id, data, created_at, traceparent, body_withheld)
                VALUES (:id, :user, :channel, :type, :subject, :text, :html, :email, :status, :next, :event,
                    CAST(:data AS jsonb), :now, :traceparent, :withheld)""")
            .bind("id", id)
            .bind("channel", channel)
            .bind("type", type)
            .bind("subject", message.subject())
            .bind("text", message.text())
            .bind("status", status.value())
            .bind("data", json.writeValueAsString(data))
            .bind("now", now)
            .bind("withheld", withheld);
        insert = insert.bind("user", SqlValues.orNull(to.userId(), UUID.class));
        insert = insert.bind("html", SqlValues.orNull(message.html(), String.class));
        insert = insert.bind("email", SqlValues.orNull(to.email(), String.class));
        insert = insert.bind("next", SqlValues.orNull(EMAIL.equals(channel) ? now : null, Instant.class));
        insert = insert.bind("event", SqlValues.orNull(sourceEvent, UUID.class));
        insert = insert.bind("traceparent", SqlValues.orNull(traceparent, String.class));
        return insert.then().thenReturn(id);
    }
}
