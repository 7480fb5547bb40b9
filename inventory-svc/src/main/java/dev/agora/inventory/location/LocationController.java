package dev.agora.inventory.location;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;

/**
 * Warehouses and stores: admins set them up for vendors, rename and remove them; a vendor sees its
 * own (another vendor's are 404).
 */
@RestController
@RequestMapping("/api/v1/inventory/locations")
class LocationController {

    private static final String COUNTRY = "[A-Z]{2}";

    private final LocationDirectory directory;
    private final Vendors vendors;

    LocationController(LocationDirectory directory, Vendors vendors) {
        this.directory = directory;
        this.vendors = vendors;
    }

    /** {@code vendorId} absent: the platform's own location, for products sold without a vendor. */
    record CreateLocation(UUID vendorId, @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = LocationKind.VALUES, message = "must be warehouse or store") String kind,
            @Pattern(regexp = COUNTRY, message = "must be an ISO 3166-1 alpha-2 code such as DE") String country) {
    }

    /** Absent fields keep their value; {@code version}, when given, must be the current one. */
    record UpdateLocation(@Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Pattern(regexp = LocationKind.VALUES, message = "must be warehouse or store") String kind,
            @Pattern(regexp = COUNTRY, message = "must be an ISO 3166-1 alpha-2 code such as DE") String country,
            Long version) {
    }

    record View(UUID id, UUID vendorId, String name, LocationKind kind, String country, long version, Instant createdAt,
            Instant updatedAt) {

        static View of(Location l) {
            return new View(l.id(), l.vendorId(), l.name(), l.kind(), l.country(), l.version(), l.createdAt(), l.updatedAt());
        }
    }

    @Operation(summary = "Locations, oldest first: a vendor's own; admins see every vendor's, or one vendor's with vendorId")
    @GetMapping
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<PageQuery.Page<View>> list(AgoraPrincipal caller,
            @Parameter(description = "admins: only this vendor's locations") @RequestParam(required = false) UUID vendorId,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        Mono<PageQuery.Page<Location>> found = caller.isAdmin()
                ? directory.list(vendorId == null, vendorId, query)
                : directory.list(false, ownVendor(caller), query);
        return found.map(p -> new PageQuery.Page<>(p.items().stream().map(View::of).toList(), p.page(), p.size(),
                p.totalItems(), p.totalPages()));
    }

    @Operation(summary = "A location; admin or its vendor")
    @GetMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<View> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return directory.find(id)
            .filter(location -> caller.isAdmin() || LocationDirectory.sameVendor(location, ownVendor(caller)))
            .map(View::of)
            .switchIfEmpty(Mono.error(AgoraException.notFound("The location")));
    }

    @Operation(summary = "Set up a warehouse or store for a vendor; admin")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<View> create(AgoraPrincipal caller, @Valid @RequestBody CreateLocation request) {
        Mono<Boolean> vendorKnown = request.vendorId() == null ? Mono.just(true)
                : vendors.find(request.vendorId()).hasElement();
        return vendorKnown
            .flatMap(known -> known
                    ? directory.create(request.vendorId(), request.name().strip(), LocationKind.of(request.kind()), request.country())
                    : Mono.error(AgoraException.notFound("The vendor")))
            .map(View::of);
    }

    @Operation(summary = "Rename a location, change its kind or country; admin")
    @PatchMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<View> update(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody UpdateLocation request) {
        return directory.update(id, request.name() == null ? null : request.name().strip(),
                request.kind() == null ? null : LocationKind.of(request.kind()), request.country(), request.version())
            .map(View::of);
    }

    @Operation(summary = "Remove a location that holds no stock and is not its vendor's last; admin. Its history stays.")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Void> delete(AgoraPrincipal caller, @PathVariable UUID id) {
        return directory.archive(id);
    }

    /** A vendor without a vendor id in its token owns nothing: its filter matches no location. */
    private static UUID ownVendor(AgoraPrincipal caller) {
        return caller.vendorId() != null ? caller.vendorId() : new UUID(0, 0);
    }
}
