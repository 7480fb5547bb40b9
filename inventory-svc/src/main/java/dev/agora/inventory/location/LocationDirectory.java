package dev.agora.inventory.location;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.inventory.InventoryProperties;

/**
 * Locations: admins set them up, rename and remove them; every vendor keeps at least one, and gets a
 * main warehouse on its first stock change if an admin has set up none. Stock changes ask here which
 * location they act on.
 */
@Service
public class LocationDirectory {

    static final String MAIN_WAREHOUSE = "Main warehouse";

    private final Locations locations;
    private final TransactionalOperator tx;
    private final InventoryProperties properties;
    private final Clock clock;

    LocationDirectory(Locations locations, TransactionalOperator tx, InventoryProperties properties, Clock clock) {
        this.locations = locations;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The location a stock change of a product of {@code vendorId} acts on: the one named, which must
     * be that vendor's (else 404), or the vendor's main one. Held for the caller's transaction, so it
     * cannot be removed under the change.
     */
    public Mono<Location> forChange(UUID locationId, UUID vendorId) {
        if (locationId == null) {
            return primary(vendorId);
        }
        return locations.findShared(locationId)
            .filter(location -> sameVendor(location, vendorId))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The location")));
    }

    /** Where units given back to the shelf go: the location they came from, or the vendor's main one if it was removed. */
    public Mono<Location> receiving(UUID locationId, UUID vendorId) {
        return locations.findShared(locationId).switchIfEmpty(Mono.defer(() -> primary(vendorId)));
    }

    /** The vendor's oldest location, made (a main warehouse) if it has none. */
    Mono<Location> primary(UUID vendorId) {
        return locations.primary(vendorId)
            .switchIfEmpty(Mono.defer(() -> {
                Instant now = now();
                // Two first changes at once both insert; the name's unique index keeps one.
                return locations.insert(new Location(Uuids.v7(), vendorId, MAIN_WAREHOUSE, LocationKind.WAREHOUSE,
                        properties.defaultCountry(), 0, now, now)).then(locations.primary(vendorId));
            }));
    }

    Mono<Location> find(UUID id) {
        return locations.find(id);
    }

    Mono<PageQuery.Page<Location>> list(boolean all, UUID vendorId, PageQuery query) {
        return Mono.zip(locations.list(all, vendorId, query.size(), query.offset()).collectList(), locations.count(all, vendorId))
            .map(result -> query.page(result.getT1(), result.getT2()));
    }

    Mono<Location> create(UUID vendorId, String name, LocationKind kind, String country) {
        Instant now = now();
        Location location = new Location(Uuids.v7(), vendorId, name, kind, country, 0, now, now);
        return tx.transactional(locations.insert(location)
            .flatMap(inserted -> inserted ? locations.find(location.id()) : Mono.error(nameTaken(name))));
    }

    /** Renames or moves a location; a stale {@code version} is a conflict. */
    Mono<Location> update(UUID id, String name, LocationKind kind, String country, Long version) {
        return tx.transactional(locations.lock(id)
            .switchIfEmpty(Mono.error(AgoraException.notFound("The location")))
            .flatMap(current -> {
                if (version != null && version != current.version()) {
                    return Mono.error(AgoraException.conflict("The location changed since version " + version + "; reload and retry."));
                }
                return locations.update(id, name != null ? name : current.name(), kind != null ? kind : current.kind(),
                        country != null ? country : current.country(), now());
            }))
            // Renamed to the name of another of the vendor's locations: the unique index says no.
            .onErrorMap(DataIntegrityViolationException.class, ex -> nameTaken(name));
    }

    /**
     * Removes a location that holds nothing and is not its vendor's last. Its history stays: past
     * movements and orders still name it.
     */
    Mono<Void> archive(UUID id) {
        return tx.transactional(locations.find(id)
            .flatMap(found -> locations.lockAll(found.vendorId()).collectList())
            .filter(vendorsLocations -> vendorsLocations.stream().anyMatch(l -> l.id().equals(id)))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The location")))
            .flatMap(vendorsLocations -> locations.holdsStock(id).flatMap(held -> {
                if (held) {
                    return Mono.error(AgoraException.conflict("The location still holds stock; move or write it off first."));
                }
                if (vendorsLocations.size() <= 1) {
                    return Mono.error(AgoraException.conflict(
                            "A vendor keeps at least one location; add another before removing this one."));
                }
                return locations.archive(id, now());
            })));
    }

    static boolean sameVendor(Location location, UUID vendorId) {
        return vendorId == null ? location.vendorId() == null : vendorId.equals(location.vendorId());
    }

    private static AgoraException nameTaken(String name) {
        return AgoraException.conflict("The vendor already has a location named " + name + ".");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
