package dev.agora.notification.events;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** product-svc's internal vendor contacts (service token added by the shared WebClient customizer). */
@Component
class VendorDirectory {

    record Contact(UUID id, UUID ownerUserId, String name, String contactEmail) {
    }

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
}
