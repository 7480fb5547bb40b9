package dev.agora.analytics.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One stored event, from a client or from the platform. The hour and day it falls in are stored
 * with it, so that per-interval aggregations group on a field (which every MongoDB, and the test
 * stand-in, can do) instead of computing dates.
 *
 * @param id the client event's generated id, or the platform event's own id (so a redelivered
 *        platform event is a duplicate key, counted once)
 * @param source {@code client} or {@code platform}
 * @param userId from a verified token or the platform event, never from a client's body
 * @param amountMinor for orders and refunds: the amount in minor units, negative for refunds
 */
@Document("events")
public record AnalyticsEvent(@Id String id, String type, String source, String sessionId, String userId,
        String productId, String orderId, Instant occurredAt, Instant hour, Instant day, Long amountMinor,
        String currency, List<Item> items, Map<String, Object> properties, Instant receivedAt) {

    public static final String CLIENT = "client";
    public static final String PLATFORM = "platform";

    /** A line of an order. */
    public record Item(String productId, int quantity) {
    }

    public static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    public static Instant dayOf(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS);
    }
}
