package dev.agora.inventory.stock;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;
import dev.agora.inventory.location.LocationDirectory;

/**
 * Manual stock changes by admins and vendors at one location, each in one transaction: the stock row
 * (and the vendor's main warehouse) created on first use, the level there, the movement, and the
 * events the ledger writes with it.
 */
@Service
class StockChanges {

    private final StockLedger ledger;
    private final LocationDirectory locations;
    private final TransactionalOperator tx;

    StockChanges(StockLedger ledger, LocationDirectory locations, TransactionalOperator tx) {
        this.ledger = ledger;
        this.locations = locations;
        this.tx = tx;
    }

    /**
     * Sets on hand at a location (the vendor's main one when {@code locationId} is null) of a product
     * of {@code vendorId}, and the threshold when given; a stale {@code version} or on hand below what
     * is reserved there is a conflict; another vendor's location is 404.
     */
    Mono<Stock> set(UUID productId, UUID vendorId, UUID locationId, int onHand, Integer lowStockThreshold,
            int defaultThreshold, Long version, String reason, String actor) {
        return tx.transactional(ledger.ensure(productId, vendorId, lowStockThreshold != null ? lowStockThreshold : defaultThreshold)
            .flatMap(current -> {
                if (version != null && version != current.version()) {
                    return Mono.error(AgoraException.conflict("The stock changed since version " + version + "; reload and retry."));
                }
                return locations.forChange(locationId, vendorId)
                    .flatMap(location -> ledger.ensureLevel(productId, location.id()))
                    .flatMap(level -> {
                        Mono<Stock> thresholdSet = lowStockThreshold == null || lowStockThreshold == current.lowStockThreshold()
                                ? Mono.just(current) : ledger.setThreshold(productId, lowStockThreshold);
                        return thresholdSet.then(ledger.move(productId, level.locationId(), StockLedger.Kind.SET,
                                onHand - level.onHand(), 0, reason, actor, null))
                            .switchIfEmpty(Mono.error(belowReserved(level)));
                    });
            }));
    }

    /** Moves on hand at a location by {@code delta}; below zero or below what is reserved there is a conflict. */
    Mono<Stock> adjust(UUID productId, UUID vendorId, UUID locationId, int delta, int defaultThreshold, String reason,
            String actor) {
        return tx.transactional(ledger.ensure(productId, vendorId, defaultThreshold)
            .flatMap(current -> locations.forChange(locationId, vendorId))
            .flatMap(location -> ledger.ensureLevel(productId, location.id()))
            .flatMap(level -> ledger.move(productId, level.locationId(), StockLedger.Kind.ADJUST, delta, 0, reason, actor, null)
                .switchIfEmpty(Mono.error(belowReserved(level)))));
    }

    private static AgoraException belowReserved(Stock.Level level) {
        return AgoraException.conflict("On hand at " + level.name() + " cannot go below zero or below the " + level.reserved()
                + " units reserved there for open orders.");
    }
}
