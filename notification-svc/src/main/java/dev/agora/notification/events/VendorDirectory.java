package dev.agora.notification.events;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.notification.inbox.Notifier;

/** product-svc's internal vendor contacts (service token added by the shared WebClient customizer). */
@Component
class VendorDirectory {

    record Contact(UUID id, UUID ownerUserId, String name, String contactEmail) {

        /** The vendor as a recipient: its contact address, and the inbox of its owner. */
        Notifier.Recipient recipient() {
            return new Notifier.Recipient(ownerUserId, contactEmail);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(VendorDirectory.class);

    private final WebClient client;

    VendorDirectory(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /**
     * The vendor's contact; empty if product-svc does not know the vendor. Other failures are errors,
     * so the event is delivered again later.
     */
    Mono<Contact> contact(UUID vendorId) {
        return InternalApi.find(client, "product service", Contact.class, "/internal/vendors/{id}", vendorId);
    }

    /** The vendor to tell of {@code what} (an order, a product), as {@link #contact}; an unknown one is logged. */
    Mono<Contact> contactAbout(UUID vendorId, String what) {
        return contact(vendorId).switchIfEmpty(Mono.fromRunnable(() -> log.info("{} names vendor {}, which product-svc does not "
                + "know: nobody to tell", what, vendorId)));
    }
}
