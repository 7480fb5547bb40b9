package dev.agora.notification.events;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;

/** product-svc's internal vendor contacts (service token added by the shared WebClient customizer). */
@Component
class VendorDirectory {

    record Contact(UUID id, UUID ownerUserId, String name, String contactEmail) {
    }

    private final WebClient client;

    VendorDirectory(WebClient.Builder builder, @Value("${agora.services.product.uri}") URI productService) {
        this.client = builder.baseUrl(productService.toString()).build();
    }

    /**
     * The vendor's contact; empty if product-svc does not know the vendor. Other failures are errors,
     * so the event is delivered again later.
     */
    Mono<Contact> contact(UUID vendorId) {
        return InternalApi.find(client, "product service", Contact.class, "/internal/vendors/{id}", vendorId);
    }
}
