package dev.agora.notification.events;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.notification.inbox.Notifier;
import dev.agora.defaults.events.types.LowStock;

/**
 * {@code inventory.low_stock}: tells the vendor who sells the product (or variant) in the inbox of
 * the vendor's owner at once, and queues it for the vendor's next {@link LowStockDigests digest}
 * email to its contact address.
 */
class LowStockAlerts {

    private static final Logger log = LoggerFactory.getLogger(LowStockAlerts.class);

    private final VendorDirectory vendors;
    private final Notifier notifier;
    private final LowStockDigestQueue digests;
    private final StockItems stockItems;
    private final String stockPages;
    private final JsonMapper json;
    private final Clock clock;

    /** @param stockPages the web app's stock page of a product, {@code {id}} standing for the product's id */
    LowStockAlerts(VendorDirectory vendors, Notifier notifier, LowStockDigestQueue digests, StockItems stockItems,
            String stockPages, JsonMapper json, Clock clock) {
        this.vendors = vendors;
        this.stockItems = stockItems;
        this.stockPages = stockPages;
        this.notifier = notifier;
        this.digests = digests;
        this.json = json;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    Mono<Void> handle(ReceivedEvent event) {
        LowStock low = event.data(LowStock.class);
        UUID vendorId = low.vendorId();
        if (vendorId == null) {
            // Stock an admin set for a product product-svc had no vendor for: nobody to tell.
            log.info("Low stock of {} has no vendor to notify", event.subject());
            return Mono.empty();
        }
        Map<String, Object> data = json.treeToValue(event.data(), Map.class);
        // Both in the consumer's transaction: a redelivered event neither adds a second inbox message nor a second line.
        return vendors.contactAbout(vendorId, "Low stock of " + event.subject())
            .flatMap(vendor -> stockItems.find(low.productId())
                // Named and linked when product-svc still has it; a deleted product is told by its id.
                .doOnNext(item -> {
                    data.put("name", item.name());
                    data.put("link", stockPages.replace("{id}", item.productId().toString()));
                })
                .then(Mono.defer(() -> notifier.notify(vendor.recipient(), event.type(), data, Set.of(Notifier.IN_APP), event.id())))
                .then(digests.add(vendorId, low.productId(), low.available(), low.threshold(),
                        clock.instant().truncatedTo(ChronoUnit.MICROS))))
            .then();
    }
}
