package dev.agora.notification.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.ProductApproved;
import dev.agora.defaults.events.types.ProductRejected;
import dev.agora.notification.inbox.Notifier;

/**
 * Tells a vendor an admin's decision on its product, by email to its contact address and in its
 * owner's inbox: {@code product.approved}, and {@code product.rejected} with the reason. Always sent:
 * it is the vendor's work, not marketing.
 */
class ProductModerationAlerts {

    private final VendorDirectory vendors;
    private final Notifier notifier;
    private final String productPage;

    /** @param productPage the vendor's product page in the web app, with {@code {id}} for the product */
    ProductModerationAlerts(VendorDirectory vendors, Notifier notifier, String productPage) {
        this.vendors = vendors;
        this.notifier = notifier;
        this.productPage = productPage;
    }

    Mono<Void> handle(ReceivedEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        UUID vendorId;
        UUID productId;
        if (EventTypes.PRODUCT_REJECTED.equals(event.type())) {
            ProductRejected rejected = event.data(ProductRejected.class);
            vendorId = rejected.vendorId();
            productId = rejected.productId();
            data.put("name", rejected.name());
            data.put("reason", rejected.reason());
        }
        else {
            ProductApproved approved = event.data(ProductApproved.class);
            vendorId = approved.vendorId();
            productId = approved.productId();
            data.put("name", approved.name());
        }
        data.put("productId", productId);
        data.put("link", productPage.replace("{id}", productId.toString()));
        return vendors.contactAbout(vendorId, "Product " + productId)
            .flatMap(vendor -> notifier.notify(vendor.recipient(), event.type(), data, Set.of(Notifier.EMAIL, Notifier.IN_APP),
                    event.id()))
            .then();
    }
}
