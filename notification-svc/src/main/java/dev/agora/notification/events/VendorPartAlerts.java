package dev.agora.notification.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.OrderEvent;
import dev.agora.notification.inbox.Notifier;

/**
 * {@code order.confirmed}: tells each vendor of the order that it has a part to ship, by email to its
 * contact address and in its owner's inbox. A vendor's message lists only its own lines, never what
 * the customer bought from others. Always sent: it is the vendor's work, not marketing.
 */
class NewPartAlerts {

    /** The notification type, and the folder of its templates. */
    static final String TYPE = "order.vendor_part";

    private static final Logger log = LoggerFactory.getLogger(NewPartAlerts.class);

    private final VendorDirectory vendors;
    private final Notifier notifier;
    private final String ordersPage;

    NewPartAlerts(VendorDirectory vendors, Notifier notifier, String webUrl) {
        this.vendors = vendors;
        this.notifier = notifier;
        this.ordersPage = webUrl.replaceAll("/+$", "") + "/vendor/orders";
    }

    Mono<Void> handle(ReceivedEvent event) {
        OrderEvent order = event.data(OrderEvent.class);
        List<OrderEvent.Line> lines = order.items() == null ? List.of() : order.items();
        List<UUID> vendorIds = lines.stream().map(OrderEvent.Line::vendorId).filter(Objects::nonNull).distinct().toList();
        return Flux.fromIterable(vendorIds)
            .concatMap(vendorId -> vendors.contact(vendorId)
                .switchIfEmpty(Mono.fromRunnable(() -> log.info("Order {} names vendor {}, which product-svc does not know: "
                        + "nobody to tell", order.orderId(), vendorId)))
                .flatMap(vendor -> notifier.notify(new Notifier.Recipient(vendor.ownerUserId(), vendor.contactEmail()), TYPE,
                        data(order, lines, vendorId), Set.of(Notifier.EMAIL, Notifier.IN_APP), event.id())))
            .then();
    }

    private Map<String, Object> data(OrderEvent order, List<OrderEvent.Line> lines, UUID vendorId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.orderId());
        data.put("reference", order.reference());
        data.put("vendorId", vendorId);
        data.put("items", lines.stream().filter(line -> vendorId.equals(line.vendorId()))
            .map(line -> Map.of("name", line.name(), "sku", line.sku(), "quantity", line.quantity()))
            .toList());
        data.put("link", ordersPage);
        return data;
    }
}
