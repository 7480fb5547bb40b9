package dev.agora.notification.events;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.notification.inbox.Notifier;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.OrderEvent;
import dev.agora.defaults.events.types.PaymentRefunded;

/**
 * Events about a customer's order or money: an email and an in-app message to the customer named
 * by {@code data.userId}. {@link NotificationHandlers} routes the streams here.
 */
@Component
class CustomerEvents {

    private final Notifier notifier;
    private final JsonMapper json;

    CustomerEvents(Notifier notifier, JsonMapper json) {
        this.notifier = notifier;
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    Mono<Void> handle(ReceivedEvent event) {
        UUID userId = EventTypes.PAYMENT_REFUNDED.equals(event.type()) ? event.data(PaymentRefunded.class).userId()
                : event.data(OrderEvent.class).userId();
        Map<String, Object> data = json.treeToValue(event.data(), Map.class);
        return notifier.notify(new Notifier.Recipient(userId, null), event.type(), data,
                Set.of(Notifier.EMAIL, Notifier.IN_APP), event.id()).then();
    }
}
