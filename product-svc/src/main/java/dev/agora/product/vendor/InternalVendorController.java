package dev.agora.product.vendor;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;

/** How to reach a vendor, for other services (notification-svc's low-stock alerts). */
@RestController
class InternalVendorController {

    private final VendorRepository vendors;

    InternalVendorController(VendorRepository vendors) {
        this.vendors = vendors;
    }

    record Contact(UUID id, UUID ownerUserId, String name, String contactEmail, boolean active, VerificationStatus verificationStatus) {
    }

    @Operation(summary = "A vendor's owner and contact address, any status")
    @GetMapping("/internal/vendors/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.VENDORS_READ)
    Mono<Contact> contact(AgoraPrincipal caller, @PathVariable UUID id) {
        return vendors.findById(id)
            .map(v -> new Contact(v.id(), v.ownerUserId(), v.name(), v.contactEmail(), v.active(), v.verificationStatus()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")));
    }
}
