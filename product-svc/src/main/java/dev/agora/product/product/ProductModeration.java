package dev.agora.product.product;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.ProductApproved;
import dev.agora.defaults.events.types.ProductRejected;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.product.cache.CatalogCache;

/**
 * Admins' decisions on products: the review queue, approval and rejection, each decision with its
 * event ({@code product.approved}, {@code product.rejected}) in one transaction, then the catalogue
 * cache dropped, since a decision moves a product into or out of what shoppers see.
 */
@Service
class ProductModeration {

    /** A product waiting for review. */
    record QueueItem(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Product.View product,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "0 to 100, from completeness: description (40 at 300 characters), images (10 each, up to 3), "
                    + "a category (15), a barcode (15)") int qualityScore,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "when it (last) went into review") Instant submittedAt) {
    }

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final CatalogCache cache;
    private final Clock clock;

    ProductModeration(ProductRepository products, OutboxWriter outbox, TransactionalOperator tx, CatalogCache cache, Clock clock) {
        this.products = products;
        this.outbox = outbox;
        this.tx = tx;
        this.cache = cache;
        this.clock = clock;
    }

    Mono<PageQuery.Page<QueueItem>> queue(PageQuery page) {
        return products.reviewQueue(page.offset(), page.size()).collectList()
            .zipWith(products.reviewQueueSize())
            .map(t -> page.page(t.getT1(), t.getT2()));
    }

    /** Lets the product, as the admin saw it at {@code version}, into the catalogue. */
    Mono<Product> approve(UUID id, long version, UUID admin) {
        return decide(id, version, Moderation.APPROVED, null, admin, product -> outbox.append(EventTypes.PRODUCT_APPROVED, id,
                new ProductApproved(id, product.vendorId(), product.name(), admin)).then());
    }

    /** Keeps the product, as the admin saw it at {@code version}, out of the catalogue (or takes it out), saying why. */
    Mono<Product> reject(UUID id, long version, String reason, UUID admin) {
        return decide(id, version, Moderation.REJECTED, reason, admin, product -> outbox.append(EventTypes.PRODUCT_REJECTED, id,
                new ProductRejected(id, product.vendorId(), product.name(), reason, admin)).then());
    }

    private Mono<Product> decide(UUID id, long version, Moderation decision, String reason, UUID admin,
            Function<Product, Mono<Void>> event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return products.findById(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")))
            .flatMap(current -> {
                if (current.status() == ProductStatus.ARCHIVED) {
                    return Mono.error(AgoraException.conflict("The product is archived; there is nothing to decide."));
                }
                if (current.version() != version) {
                    return Mono.error(AgoraException.conflict("The vendor changed the product since version " + version
                            + "; review it again."));
                }
                if (current.moderation() == decision) {
                    return Mono.error(AgoraException.conflict("The product is already " + decision.value() + "."));
                }
                return tx.transactional(products.moderate(id, version, decision, reason, admin, now)
                    .flatMap(done -> done ? event.apply(current).then(products.findById(id))
                            : Mono.error(AgoraException.conflict("The product changed while you decided; review it again."))));
            })
            .flatMap(decided -> cache.invalidate().thenReturn(decided));
    }
}
