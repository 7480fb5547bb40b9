package dev.agora.inventory.stock;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;

/**
 * Manual stock changes by admins and vendors, each in one transaction: the stock row created on
 * first use, the movement, and the events the ledger writes with it.
 */
@Service
class StockChanges {

    private final StockLedger ledger;
    private final TransactionalOperator tx;

    StockChanges(StockLedger ledger, TransactionalOperator tx) {
        this.ledger = ledger;
        this.tx = tx;
    }

    /**
     * Sets on hand (and the threshold when given) of a product of {@code vendorId}; a stale
     * {@code version} or on hand below what is reserved is a conflict.
     */
    Mono<Stock> set(UUID productId, UUID vendorId, int onHand, Integer lowStockThreshold, int defaultThreshold,
            Long version, String reason, String actor) {
        return tx.transactional(ledger.ensure(productId, vendorId, lowStockThreshold != null ? lowStockThreshold : defaultThreshold)
            .flatMap(current -> {
                if (version != null && version != current.version()) {
                    return Mono.error(AgoraException.conflict("The stock changed since version " + version + "; reload and retry."));
                }
                Mono<Stock> thresholdSet = lowStockThreshold == null || lowStockThreshold == current.lowStockThreshold()
                        ? Mono.just(current) : ledger.setThreshold(productId, lowStockThreshold);
                int delta = onHand - current.onHand();
                return thresholdSet.then(ledger.move(productId, StockLedger.Kind.SET, delta, 0, reason, actor, null))
                    .switchIfEmpty(Mono.error(belowReserved(current)));
            }));
    }

    /** Moves on hand by {@code delta}; below zero or below what is reserved is a conflict. */
    Mono<Stock> adjust(UUID productId, UUID vendorId, int delta, int defaultThreshold, String reason, String actor) {
        return tx.transactional(ledger.ensure(productId, vendorId, defaultThreshold)
            .flatMap(current -> ledger.move(productId, StockLedger.Kind.ADJUST, delta, 0, reason, actor, null)
                .switchIfEmpty(Mono.error(belowReserved(current)))));
    }

    private static AgoraException belowReserved(Stock current) {
        return AgoraException.conflict("On hand cannot go below zero or below the " + current.reserved()
                + " units reserved for open orders.");
    }
}
