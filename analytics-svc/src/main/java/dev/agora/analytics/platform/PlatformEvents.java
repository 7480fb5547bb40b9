package dev.agora.analytics.platform;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.agora.analytics.store.AnalyticsEvent;
import dev.agora.defaults.events.ReceivedEvent;

/**
 * Platform events, stored next to the storefront events under their own event id: a redelivered
 * event is a duplicate key and is counted once. {@link PlatformHandlers} routes the streams here. Types are stored with
 * underscores ({@code order.confirmed} becomes {@code order_confirmed}); amounts in minor units,
 * refunds negative.
 */
@Component
class PlatformEvents {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    PlatformEvents(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    Mono<Void> store(ReceivedEvent event) {
        JsonNode data = event.data();
        Long amount = null;
        String currency = null;
        JsonNode money = data.has("total") ? data.path("total") : data.path("amount");
        if (money.isObject()) {
            currency = money.path("currency").asString();
            amount = minorUnits(money.path("amount").asString(), currency);
            if ("payment.refunded".equals(event.type())) {
                amount = -amount;
            }
        }
        List<AnalyticsEvent.Item> items = null;
        if (data.path("items").isArray()) {
            items = new ArrayList<>();
            for (JsonNode item : data.path("items")) {
                items.add(new AnalyticsEvent.Item(item.path("productId").asString(), item.path("quantity").asInt()));
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        if (data.has("previousStatus")) {
            properties.put("previousStatus", data.path("previousStatus").asString());
        }
        if (data.has("rating")) {
            properties.put("rating", data.path("rating").asInt());
        }
        AnalyticsEvent stored = new AnalyticsEvent(event.id().toString(), event.type().replace('.', '_'),
                AnalyticsEvent.PLATFORM, null, text(data, "userId"), text(data, "productId"), text(data, "orderId"),
                event.occurredAt(), AnalyticsEvent.hourOf(event.occurredAt()), AnalyticsEvent.dayOf(event.occurredAt()),
                amount, currency, items, properties, clock.instant());
        return mongo.insert(stored).then().onErrorResume(DuplicateKeyException.class, again -> Mono.empty());
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.path(field).asString() : null;
    }

    static long minorUnits(String amount, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return new BigDecimal(amount).movePointRight(digits).longValueExact();
    }
}
