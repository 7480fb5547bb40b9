package dev.agora.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
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
            Mono<Message> email = channels.contains(EMAIL)
                    ? templates.email(type, model).map(r -> new Message(EMAIL, r, DeliveryStatus.PENDING, withheld))
                    : Mono.empty();
            Mono<Message> inApp = channels.contains(IN_APP) && to.userId() != null && !withheld
                    ? templates.inApp(type, model).map(r -> new Message(IN_APP, r, DeliveryStatus.DELIVERED, false))
                    : Mono.empty();
            return Flux.concat(email, inApp).collectList()
                .filter(messages -> !messages.isEmpty())
                .flatMap(messages -> insert(to, type, messages, data, sourceEvent));
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

    /** One channel's copy of a notification, rendered. */
    private record Message(String channel, Templates.Rendered rendered, DeliveryStatus status, boolean withheld) {
    }

    private Mono<UUID> insert(Recipient to, String type, List<Message> messages, Map<String, Object> data, UUID sourceEvent) {
        return Mono.deferContextual(context -> insert(to, type, messages, data, sourceEvent, tracing.traceparent(context).orElse(null)));
    }

    /**
     * Every channel's copy in one statement; emits the id of the in-app one, else of the email.
     */
    private Mono<UUID> insert(Recipient to, String type, List<Message> messages, Map<String, Object> data, UUID sourceEvent,
            String traceparent) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StringBuilder sql = new StringBuilder("""
                INSERT INTO notifications (id, user_id, channel, type, subject, body_text, body_html, recipient_email, status,
                    next_attempt_at, source_event_id, data, created_at, traceparent, body_withheld)
                VALUES""").append(' ');
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ids.add(Uuids.v7());
            sql.append(i == 0 ? "" : ", ").append("""
                    (:id%1$d, :user, :channel%1$d, :type, :subject%1$d, :text%1$d, :html%1$d, :email, :status%1$d, :next%1$d, :event,
                        CAST(:data AS jsonb), :now, :traceparent, :withheld%1$d)""".formatted(i));
        }
        var insert = db.sql(sql.toString())
            .bind("type", type)
            .bind("data", json.writeValueAsString(data))
            .bind("now", now);
        insert = insert.bind("user", SqlValues.orNull(to.userId(), UUID.class));
        insert = insert.bind("email", SqlValues.orNull(to.email(), String.class));
        insert = insert.bind("event", SqlValues.orNull(sourceEvent, UUID.class));
        insert = insert.bind("traceparent", SqlValues.orNull(traceparent, String.class));
        UUID shown = ids.getFirst();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            insert = insert.bind("id" + i, ids.get(i))
                .bind("channel" + i, message.channel())
                .bind("subject" + i, message.rendered().subject())
                .bind("text" + i, message.rendered().text())
                .bind("status" + i, message.status().value())
                .bind("withheld" + i, message.withheld());
            insert = insert.bind("html" + i, SqlValues.orNull(message.rendered().html(), String.class));
            insert = insert.bind("next" + i, SqlValues.orNull(EMAIL.equals(message.channel()) ? now : null, Instant.class));
            shown = IN_APP.equals(message.channel()) ? ids.get(i) : shown;
        }
        return insert.then().thenReturn(shown);
    }
}
