package dev.agora.user.address;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;

/** order-svc reads the address a customer checks out with: only by naming its owner too. */
@RestController
class InternalAddressController {

    private final AddressBook book;

    InternalAddressController(AddressBook book) {
        this.book = book;
    }

    @GetMapping("/internal/users/{userId}/addresses/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.USERS_ADDRESSES)
    Mono<Address.View> address(AgoraPrincipal caller, @PathVariable UUID userId, @PathVariable UUID id) {
        return book.get(userId, id).map(Address::view);
    }
}
