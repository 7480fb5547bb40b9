package dev.agora.notification.events;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.notification.inbox.Notifier;
import dev.agora.notification.preferences.EmailPreferences;
import dev.agora.notification.preferences.Topic;
import dev.agora.defaults.events.types.LowStock;

/**
 * {@code inventory.low_stock}: tells the vendor who sells the product, by email to the vendor's
 * contact address (unless the owner turned low-stock email off) and in the inbox of the vendor's owner.
 */
class LowStockAlerts {

    private static final Logger log = LoggerFactory.getLogger(LowStockAlerts.class);

    private final VendorDirectory vendors;
    private final Notifier notifier;
    private final EmailPreferences preferences;
    private final JsonMapper json;

    LowStockAlerts(VendorDirectory vendors, Notifier notifier, EmailPreferences preferences, JsonMapper json) {
        this.vendors = vendors;
        this.notifier = notifier;
        this.preferences = preferences;
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    Mono<Void> handle(ReceivedEvent event) {
        UUID vendorId = event.data(LowStock.class).vendorId();
        if (vendorId == null) {
            // Stock an admin set for a product product-svc had no vendor for: nobody to tell.
            log.info("Low stock of {} has no vendor to notify", event.subject());
            return Mono.empty();
        }
        Map<String, Object> data = json.treeToValue(event.data(), Map.class);
        // The owner's choice decides the email; the inbox always gets it.
        return vendors.contactAbout(vendorId, "Low stock of " + event.subject())
            .flatMap(vendor -> preferences.wantsEmail(vendor.ownerUserId(), Topic.LOW_STOCK)
                .flatMap(email -> notifier.notify(vendor.recipient(),
                        event.type(), data, email ? Set.of(Notifier.EMAIL, Notifier.IN_APP) : Set.of(Notifier.IN_APP),
                        event.id())))
            .then();
    }
}
