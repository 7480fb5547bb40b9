package dev.agora.product.vendor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.Principals;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.product.cache.CatalogCache;

/**
 * Vendors: applications, public listing, details for owners and admins, verification.
 */
@RestController
@RequestMapping("/api/v1/vendors")
class VendorController {

    private final VendorRepository vendors;
    private final UserDirectory users;
    private final CatalogCache cache;
    private final Clock clock;

    VendorController(VendorRepository vendors, UserDirectory users, CatalogCache cache, Clock clock) {
        this.vendors = vendors;
        this.users = users;
        this.cache = cache;
        this.clock = clock;
    }

    /** A vendor's details as its owner or an admin sends them. */
    record VendorRequest(@NotBlank @Size(max = 120) String name, @NotBlank @Email @Size(max = 254) String contactEmail,
            @Size(max = 40) String contactPhone, @NotBlank @Size(max = 200) String businessName,
            @NotNull @Pattern(regexp = "individual|company|nonprofit", message = "must be individual, company or nonprofit")
            String businessType, @Size(max = 40) String taxId, @NotNull @Valid Vendor.Address address,
            UUID ownerUserId, Long version) {
    }

    /** Why an application was rejected. */
    record Rejection(@NotBlank @Size(max = 1000) String reason) {
    }

    @Operation(summary = "Apply as a vendor (pending until an admin verifies); admins may create verified vendors for a user")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Vendor.PrivateView> create(AgoraPrincipal caller, @Valid @RequestBody VendorRequest request) {
        UUID owner = request.ownerUserId() == null ? caller.userId() : request.ownerUserId();
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            throw AgoraException.forbidden("Only admins create vendors for other users.");
        }
        boolean direct = caller.isAdmin() && !owner.equals(caller.userId());
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Vendor vendor = new Vendor(Uuids.v7(), owner, request.name(), request.contactEmail().toLowerCase(),
                request.contactPhone(), request.businessName(), request.businessType(), request.taxId(), request.address(),
                true, direct ? VerificationStatus.VERIFIED : VerificationStatus.PENDING, direct ? caller.userId() : null, direct ? now : null,
                null, now, now, 0);
        Mono<Void> grant = direct ? users.grantVendor(owner, vendor.id()) : Mono.empty();
        return vendors.findByOwner(owner)
            .flatMap(existing -> existing.verificationStatus() == VerificationStatus.REJECTED && !direct
                    // A rejected applicant applies again with the same vendor, pending review once more.
                    ? vendors.reapply(withId(vendor, existing.id()), now)
                        .switchIfEmpty(Mono.error(() -> AgoraException.conflict("This user already has a vendor.")))
                    : Mono.<Vendor>error(AgoraException.conflict("This user already has a vendor.")))
            .switchIfEmpty(Mono.defer(() -> grant.then(vendors.insert(vendor))))
            .onErrorMap(DuplicateKeyException.class, ex -> AgoraException.conflict("This user already has a vendor."))
            .map(Vendor::privateView);
    }

    @Operation(summary = "Vendors: verified and active ones for everyone; admins may filter by status")
    @GetMapping
    Mono<PageQuery.Page<Vendor.View>> list(ServerWebExchange exchange, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) @Pattern(regexp = "pending|verified|rejected") String status) {
        AgoraPrincipal caller = Principals.optional(exchange);
        boolean admin = caller != null && caller.isAdmin();
        if (status != null && !admin) {
            throw AgoraException.forbidden("Only admins filter vendors by status.");
        }
        PageQuery query = PageQuery.of(page, size);
        return vendors.find(status, !admin, query.offset(), query.size()).map(v -> v.viewFor(caller)).collectList()
            .zipWith(vendors.count(status, !admin))
            .map(t -> query.page(t.getT1(), t.getT2()));
    }

    @Operation(summary = "A vendor: public fields for everyone, contact and tax details for its owner and admins")
    @GetMapping("/{id}")
    Mono<Vendor.View> get(ServerWebExchange exchange, @PathVariable UUID id) {
        AgoraPrincipal caller = Principals.optional(exchange);
        return vendors.findById(id)
            .filter(v -> v.isPublic() || v.isManagedBy(caller))
            .map(v -> v.viewFor(caller))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")));
    }

    @Operation(summary = "Change a vendor's details (owner or admin); needs the current version")
    @PutMapping("/{id}")
    Mono<Vendor.PrivateView> update(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody VendorRequest request) {
        if (request.version() == null) {
            throw AgoraException.badRequest("version is required to change a vendor.");
        }
        return managed(caller, id).flatMap(current -> {
            if (request.ownerUserId() != null && !request.ownerUserId().equals(current.ownerUserId())) {
                return Mono.error(AgoraException.badRequest("A vendor's owner cannot be changed."));
            }
            Vendor changed = new Vendor(id, current.ownerUserId(), request.name(), request.contactEmail().toLowerCase(),
                    request.contactPhone(), request.businessName(), request.businessType(), request.taxId(),
                    request.address(), current.active(), current.verificationStatus(), current.verifiedBy(),
                    current.verifiedAt(), current.verificationNote(), current.createdAt(), current.updatedAt(),
                    current.version());
            return vendors.updateDetails(changed, request.version(), clock.instant())
                .switchIfEmpty(Mono.error(() -> AgoraException.conflict("The vendor was changed by someone else; reload it.")));
        }).flatMap(v -> cache.invalidate().thenReturn(v.privateView()));
    }

    @Operation(summary = "Deactivate a vendor (owner or admin): it and its products leave the public catalogue, and its "
            + "owner loses the vendor role and every session at once")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> deactivate(AgoraPrincipal caller, @PathVariable UUID id) {
        // Revoke first: it is idempotent, so a failure after it is healed by deactivating again; the
        // other way round a deactivated vendor's owner could go on selling with the tokens they hold.
        return managed(caller, id)
            .flatMap(v -> users.revokeVendor(v.ownerUserId()).then(vendors.deactivate(id, clock.instant())))
            // Its products leave the public catalogue: cached pages must not keep showing them.
            .then(cache.invalidate());
    }

    @Operation(summary = "Reactivate a deactivated, verified vendor (admin); its owner gets the vendor role from their next token")
    @PostMapping("/{id}/reactivate")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Vendor.PrivateView> reactivate(AgoraPrincipal caller, @PathVariable UUID id) {
        return vendors.findById(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")))
            .flatMap(v -> {
                if (v.verificationStatus() != VerificationStatus.VERIFIED) {
                    return Mono.error(AgoraException.conflict("Only a verified vendor can be reactivated; verify it instead."));
                }
                return users.grantVendor(v.ownerUserId(), v.id()).then(vendors.activate(id, clock.instant()))
                    .then(vendors.findById(id));
            })
            .flatMap(v -> cache.invalidate().thenReturn(v.privateView()));
    }

    @Operation(summary = "Verify a vendor (admin); its owner gets the vendor role from their next token")
    @PostMapping("/{id}/verify")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Vendor.PrivateView> verify(AgoraPrincipal caller, @PathVariable UUID id) {
        return vendors.findById(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")))
            // Grant first: it is idempotent, so a failure after it is healed by verifying again.
            .flatMap(v -> users.grantVendor(v.ownerUserId(), v.id())
                .then(vendors.setVerification(id, VerificationStatus.VERIFIED, caller.userId(), null, clock.instant())))
            .flatMap(v -> cache.invalidate().thenReturn(v.privateView()));
    }

    @Operation(summary = "Reject a vendor application (admin)")
    @PostMapping("/{id}/reject")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Vendor.PrivateView> reject(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        return vendors.findById(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")))
            .flatMap(v -> v.verificationStatus() == VerificationStatus.VERIFIED
                    ? Mono.error(AgoraException.conflict("A verified vendor cannot be rejected; deactivate it instead."))
                    : vendors.setVerification(id, VerificationStatus.REJECTED, caller.userId(), rejection.reason(), clock.instant()))
            .flatMap(v -> cache.invalidate().thenReturn(v.privateView()));
    }

    private static Vendor withId(Vendor v, UUID id) {
        return new Vendor(id, v.ownerUserId(), v.name(), v.contactEmail(), v.contactPhone(), v.businessName(),
                v.businessType(), v.taxId(), v.address(), v.active(), v.verificationStatus(), v.verifiedBy(), v.verifiedAt(),
                v.verificationNote(), v.createdAt(), v.updatedAt(), v.version());
    }

    private Mono<Vendor> managed(AgoraPrincipal caller, UUID id) {
        return vendors.findById(id)
            .filter(v -> v.isManagedBy(caller))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The vendor")));
    }
}
