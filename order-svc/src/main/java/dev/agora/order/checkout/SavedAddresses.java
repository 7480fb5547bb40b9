package dev.agora.order.checkout;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.order.order.Order;

/** user-svc's address book, read at checkout: the order keeps a copy, so later edits do not move it. */
@Component
class SavedAddresses {

    /** An address as user-svc's internal API answers it (the fields an order ships to). */
    record Saved(String name, String line1, String line2, String city, String region, String postalCode, String country) {

        Order.ShippingAddress toAddress() {
            return new Order.ShippingAddress(name, line1, line2, city, region, postalCode, country);
        }
    }

    private final WebClient client;

    SavedAddresses(ServiceClients clients) {
        this.client = clients.of("user");
    }

    /** The user's address, or nothing when the user has no such address (another user's included). */
    Mono<Order.ShippingAddress> find(UUID userId, UUID addressId) {
        return InternalApi.find(client, "user service", Saved.class, "/internal/users/{user}/addresses/{id}", userId, addressId)
            .map(Saved::toAddress);
    }
}
