package dev.agora.user.address;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;

/** The caller's address book. Another user's address is not found, whoever asks. */
@RestController
@RequestMapping("/api/v1/users/me/addresses")
class AddressController {

    private final AddressBook book;

    AddressController(AddressBook book) {
        this.book = book;
    }

    @Operation(summary = "My shipping addresses, the default first (at most 20)")
    @GetMapping
    Mono<List<Address.View>> list(AgoraPrincipal caller) {
        return book.list(caller.userId()).map(Address::view).collectList();
    }

    @Operation(summary = "Add a shipping address; the first one, or one sent with isDefault, becomes the default")
    @ApiResponse(responseCode = "201", description = "The address", useReturnTypeSchema = true)
    @PostMapping
    Mono<ResponseEntity<Address.View>> add(AgoraPrincipal caller, @Valid @RequestBody AddressRequest request) {
        return book.add(caller.userId(), request).map(a -> ResponseEntity
            .created(URI.create("/api/v1/users/me/addresses/" + a.id())).body(a.view()));
    }

    @Operation(summary = "One of my shipping addresses")
    @GetMapping("/{id}")
    Mono<Address.View> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return book.get(caller.userId(), id).map(Address::view);
    }

    @Operation(summary = "Replace one of my shipping addresses; isDefault: true makes it the default. Orders keep their copy")
    @PutMapping("/{id}")
    Mono<Address.View> replace(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody AddressRequest request) {
        return book.replace(caller.userId(), id, request).map(Address::view);
    }

    @Operation(summary = "Delete one of my shipping addresses; if it was the default, the oldest other one becomes it")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AgoraPrincipal caller, @PathVariable UUID id) {
        return book.remove(caller.userId(), id);
    }
}
