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
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.OrderEvent;
import dev.agora.notification.inbox.Notifier;

/**
 * Tells a vendor of its part of an order, by email to its contact address and in its owner's inbox:
 * on {@code order.confirmed} each vendor of the order that it has a part to ship; on
 * {@code order.part_cancelled} the part's vendor that it must not ship it. A vendor's message lists
 * only its own lines, never what the customer bought from others. Always sent: it is the vendor's
 * work, not marketing.
 */
class VendorPartAlerts {

    /** The notification types, and the folders of their templates. */
    static final String NEW_PART = "order.vendor_part";
    static final String CANCELLED_PART = "order.vendor_part_cancelled";

    private static final Logger log = LoggerFactory.getLogger(VendorPartAlerts.class);

    private final VendorDirectory vendors;
    private final Notifier notifier;
    private final String ordersPage;

    /** @param ordersPage the vendor's orders page in the web app */
    VendorPartAlerts(VendorDirectory vendors, Notifier notifier, String ordersPage) {
        this.vendors = vendors;
        this.notifier = notifier;
        this.ordersPage = ordersPage;
    }

    Mono<Void> handle(ReceivedEvent event) {
        OrderEvent order = event.data(OrderEvent.class);
        boolean cancelled = EventTypes.ORDER_PART_CANCELLED.equals(event.type());
        if (cancelled && order.cancellation() == null) {
            log.warn("Event {} cancels a part of order {} but names none; nobody to tell", event.id(), order.orderId());
            return Mono.empty();
        }
        List<OrderEvent.Line> lines = cancelled ? order.cancellation().items() : order.items();
        lines = lines == null ? List.of() : lines;
        String type = cancelled ? CANCELLED_PART : NEW_PART;
        List<UUID> vendorIds = lines.stream().map(OrderEvent.Line::vendorId).filter(Objects::nonNull).distinct().toList();
        List<OrderEvent.Line> all = lines;
        return Flux.fromIterable(vendorIds)
            .concatMap(vendorId -> vendors.contactAbout(vendorId, "Order " + order.orderId())
                .flatMap(vendor -> notifier.notify(vendor.recipient(), type,
                        data(order, all, vendorId), Set.of(Notifier.EMAIL, Notifier.IN_APP), event.id())))
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
