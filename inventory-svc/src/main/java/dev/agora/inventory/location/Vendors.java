package dev.agora.inventory.location;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;

/** product-svc's vendors (scope {@code vendors:read}): a location is set up only for a vendor that exists. */
@Component
class Vendors {

    record Vendor(UUID id) {
    }

    private final WebClient client;

    Vendors(ServiceClients clients) {
        this.client = clients.of("product");
    }

    /** The vendor, or nothing if product-svc does not know it. */
    Mono<Vendor> find(UUID vendorId) {
        return InternalApi.find(client, "product service", Vendor.class, "/internal/vendors/{id}", vendorId);
    }
}
