package dev.agora.analytics.platform;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.analytics.store.AnalyticsEvent;
import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.OrderEvent;
import dev.agora.defaults.events.types.PaymentRefunded;
import dev.agora.defaults.events.types.ReviewEvent;
import dev.agora.defaults.events.types.UserRegistered;
import dev.agora.defaults.money.Money;

/**
 * Platform events, stored next to the storefront events under their own event id: a redelivered
 * event is a duplicate key, which {@link StoredEventDeduplicator} takes as handled before, so it is
 * counted once. {@link PlatformHandlers} routes the streams here. Types are stored with
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
        AnalyticsEvent stored = switch (event.type()) {
            case EventTypes.USER_REGISTERED -> {
                UserRegistered user = event.data(UserRegistered.class);
                yield stored(event, text(user.userId()), null, null, null, null, Map.of());
            }
            case EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_CANCELLED -> {
                OrderEvent order = event.data(OrderEvent.class);
                List<AnalyticsEvent.Item> items = order.items() == null ? null : order.items().stream()
                    .map(line -> new AnalyticsEvent.Item(text(line.productId()), line.quantity()))
                    .toList();
                Map<String, Object> properties = new LinkedHashMap<>();
                if (order.previousStatus() != null) {
                    properties.put("previousStatus", order.previousStatus());
                }
                yield stored(event, text(order.userId()), null, text(order.orderId()), Amount.of(order.total()), items,
                        properties);
            }
            case EventTypes.PAYMENT_REFUNDED -> {
                PaymentRefunded refund = event.data(PaymentRefunded.class);
                yield stored(event, text(refund.userId()), null, text(refund.orderId()),
                        Amount.of(refund.amount()).negated(), null, Map.of());
            }
            case EventTypes.REVIEW_CREATED -> {
                ReviewEvent review = event.data(ReviewEvent.class);
                yield stored(event, review.userId(), review.productId(), null, null, null,
                        Map.of("rating", review.rating()));
            }
            default -> throw new IllegalArgumentException("Analytics does not store " + event.type() + " events");
        };
        return mongo.insert(stored).then();
    }

    private AnalyticsEvent stored(ReceivedEvent event, String userId, String productId, String orderId, Amount money,
            List<AnalyticsEvent.Item> items, Map<String, Object> properties) {
        Long amount = money == null ? null : money.minorUnits();
        String currency = money == null ? null : money.currency();
        return new AnalyticsEvent(event.id().toString(), event.type().replace('.', '_'), AnalyticsEvent.PLATFORM, null,
                userId, productId, orderId, event.occurredAt(), AnalyticsEvent.hourOf(event.occurredAt()),
                AnalyticsEvent.dayOf(event.occurredAt()), amount, currency, items, new LinkedHashMap<>(properties),
                clock.instant());
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    /** Money in minor units; refunds are negative, so analytics sums them. */
    private record Amount(long minorUnits, String currency) {

        static Amount of(Money money) {
            return money == null ? null : new Amount(PlatformEvents.minorUnits(money.amount(), money.currency()),
                    money.currency());
        }

        Amount negated() {
            return new Amount(-minorUnits, currency);
        }
    }

    static long minorUnits(String amount, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return new BigDecimal(amount).movePointRight(digits).longValueExact();
    }
}
