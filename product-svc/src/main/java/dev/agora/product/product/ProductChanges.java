package dev.agora.product.product;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;
import reactor.util.retry.Retry;
import reactor.util.retry.RetrySpec;

import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.defaults.web.Problems;
import dev.agora.product.Slugs;
import dev.agora.product.cache.CatalogCache;
import dev.agora.product.media.MediaLibrary;
import dev.agora.product.category.CategoryRepository;
import dev.agora.product.vendor.VendorRepository;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.ProductArchived;
import dev.agora.defaults.events.types.ProductPriceChanged;
import dev.agora.defaults.events.types.ProductReviewRequested;

/**
 * Every change of a product through the API: the row and its events ({@code product.created},
 * {@code updated}, {@code price_changed}, {@code archived}, {@code review_requested}) in one
 * transaction, then the catalogue cache dropped. Who may make the change is the controller's to
 * decide; whether it is an admin's decides whether it needs review.
 */
@Service
class ProductChanges {

    private static final String SLUG_KEY = "products_slug_key";

    /**
     * Two products whose names lead to one slug by different bases, written at the same moment
     * ("Lamp 2", and a second "Lamp" that skips the taken "lamp"): their slug locks differ
     * (ProductRepository.lockSlug), so each found "lamp-2" free, and the one that commits second is
     * refused by the unique index. Written again, it takes the next.
     */
    static final Retry SLUG_TAKEN_MEANWHILE = Retry.max(3).filter(ex -> ex instanceof DuplicateKeyException
            && String.valueOf(ex.getMessage()).contains(SLUG_KEY)).onRetryExhaustedThrow(ProductChanges::lastFailure);

    /** Another change came between reading the product and writing it: the write is made on the fresh one. */
    static final Retry CHANGED_MEANWHILE = Retry.max(3).filter(Stale.class::isInstance)
        .onRetryExhaustedThrow(ProductChanges::lastFailure);

    private final ProductRepository products;
    private final CategoryRepository categories;
    private final VendorRepository vendors;
    private final ProductWriter writer;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final CatalogCache cache;
    private final MediaLibrary media;
    private final Clock clock;

    ProductChanges(ProductRepository products, CategoryRepository categories, VendorRepository vendors,
            ProductWriter writer, OutboxWriter outbox, TransactionalOperator tx, CatalogCache cache, MediaLibrary media, Clock clock) {
        this.products = products;
        this.categories = categories;
        this.vendors = vendors;
        this.writer = writer;
        this.outbox = outbox;
        this.tx = tx;
        this.cache = cache;
        this.media = media;
        this.clock = clock;
    }

    /** Completes when {@code vendorId} names a vendor; a 400 naming the field when it names none. */
    Mono<Void> requireVendor(UUID vendorId) {
        return vendors.findById(vendorId)
            .switchIfEmpty(Mono.error(() -> AgoraException.badRequest("vendorId names no vendor.")
                .withErrors(List.of(new Problems.FieldError("vendorId", "names no vendor")))))
            .then();
    }

    /** A new product of {@code vendorId} from a checked request; a vendor's waits for review, an admin's does not. */
    Mono<Product> create(UUID vendorId, ProductRequest request, boolean byAdmin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return requireVendor(vendorId)
            .then(tx.transactional(checkCategories(request.categoryIds())
                .then(writer.create(vendorId, request, now, byAdmin)).flatMap(products::findById))
                .retryWhen(SLUG_TAKEN_MEANWHILE))
            .flatMap(created -> cache.invalidate().thenReturn(created))
            .onErrorMap(DuplicateKeyException.class, ProductChanges::duplicate);
    }

    /**
     * {@code current} replaced by a checked request that names the version it read (a stale one is
     * 409). A vendor's change of what shoppers read (name, description, images) sends the product back
     * to review; an admin's does not.
     */
    Mono<Product> update(Product current, ProductRequest request, boolean byAdmin) {
        return tx.transactional(products.mediaOf(current.id())
                .flatMap(before -> write(current, request, byAdmin).map(saved -> Tuples.of(before, saved))))
            .retryWhen(SLUG_TAKEN_MEANWHILE)
            // Uploads the change dropped go once nothing else shows them.
            .flatMap(done -> cache.invalidate().then(media.release(done.getT1())).thenReturn(done.getT2()))
            .onErrorMap(DuplicateKeyException.class, ProductChanges::duplicate);
    }

    /** The change and its events, in the caller's transaction. */
    private Mono<Product> write(Product current, ProductRequest request, boolean byAdmin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // A published slug is part of shared links: it stays; a draft's follows its name.
        Mono<String> slug = current.publishedAt() != null || current.name().equals(request.name())
                ? Mono.just(current.slug()) : writer.freeSlug(Slugs.of(request.name()), current.id());
        ProductWriter.requireKnownVariants(request, current.variants());
        return checkCategories(request.categoryIds()).then(slug).flatMap(s -> {
            Product changed = ProductWriter.build(current.id(), current.vendorId(), s, request, current.moderation(),
                    current.publishedAt(), current.createdAt(), now);
            boolean sendBack = !byAdmin && reviewedContentChanged(current, changed);
            return media.hold(changed.imageUrls()).then(products.update(changed, request.version(), sendBack))
                .switchIfEmpty(Mono.defer(() -> notWritten(current.id())))
                .flatMap(was -> products.findById(current.id()).flatMap(saved -> events(current, saved,
                        sendBack && was != Moderation.PENDING_REVIEW).thenReturn(saved)));
        });
    }

    /**
     * Why the update found no row of its version: changed by someone else (409), or deleted while
     * the change was on its way (404, what the same change gets a moment later).
     */
    private Mono<Moderation> notWritten(UUID id) {
        return products.findById(id).hasElement().flatMap(exists -> Mono.error(exists ? new Stale()
                : AgoraException.notFound("The product")));
    }

    /** What a change of {@code before} into {@code saved} tells others; {@code backToReview} when it reopened the review. */
    private Mono<Void> events(Product before, Product saved, boolean backToReview) {
        UUID id = saved.id();
        return outbox.append(EventTypes.PRODUCT_UPDATED, id, saved.view())
            .then(priceChanged(before, saved) ? outbox.append(EventTypes.PRODUCT_PRICE_CHANGED, id,
                    new ProductPriceChanged(id, before.view().price(), saved.view().price())).then() : Mono.empty())
            .then(saved.status() == ProductStatus.ARCHIVED && before.status() != ProductStatus.ARCHIVED
                    ? outbox.append(EventTypes.PRODUCT_ARCHIVED, id, new ProductArchived(id, false)).then() : Mono.empty())
            .then(backToReview ? outbox.append(EventTypes.PRODUCT_REVIEW_REQUESTED, id,
                    new ProductReviewRequested(id, saved.vendorId(), saved.name())).then() : Mono.empty());
    }

    /**
     * Adds an upload to the end of the product's images, in the transaction that makes sure its
     * blob is stored; a concurrent change of the product is retried on the fresh product.
     */
    Mono<Product> addImage(UUID productId, MediaLibrary.Upload upload, String altText, boolean byAdmin) {
        return products.findById(productId)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")))
            .flatMap(current -> {
                long uploads = current.images().stream().filter(i -> i.thumbnailUrl() != null).count();
                if (uploads >= media.limits().perProduct()) {
                    return Mono.error(new AgoraException(ProblemType.TOO_MANY_IMAGES, "A product has at most "
                            + media.limits().perProduct() + " uploaded images; remove one first."));
                }
                if (current.images().size() >= ProductRequest.MAX_IMAGES) {
                    return Mono.error(new AgoraException(ProblemType.TOO_MANY_IMAGES, "A product has at most "
                            + ProductRequest.MAX_IMAGES + " images; remove one first."));
                }
                List<Product.Image> images = new ArrayList<>(current.images());
                List<String> linked = new ArrayList<>(current.imageUrls());
                linked.add(media.url(upload.sha256()));
                // All the images' locks in their one order before any of them, as every other change takes them.
                return tx.transactional(media.hold(linked).then(media.attach(upload)).flatMap(blob -> {
                    images.add(new Product.Image(media.url(blob.sha256()), altText == null ? "" : altText.trim(), images.size()));
                    ProductRequest request = new ProductRequest.Patch(null, null, null, null, null, null, null, null, null,
                            images, null, null, null, null, null, null, null, current.version()).onto(current).checked();
                    return write(current, request, byAdmin);
                }));
            })
            .flatMap(saved -> cache.invalidate().thenReturn(saved))
            .retryWhen(CHANGED_MEANWHILE)
            .onErrorMap(DuplicateKeyException.class, ProductChanges::duplicate);
    }

    /**
     * When retries run out, the failure the last try met (a 409 the caller can act on), not
     * Reactor's retry-exhausted error, which no problem mapping knows (a 500).
     */
    private static Throwable lastFailure(RetrySpec ignored, Retry.RetrySignal signal) {
        return signal.failure();
    }

    /** The version a change named is not the product's any more. */
    static final class Stale extends AgoraException {

        Stale() {
            super(ProblemType.CONFLICT, "The product was changed by someone else; reload it.");
        }
    }

    /** Archived if it was ever published (orders and links refer to it), removed if it never was. */
    Mono<Void> remove(Product current) {
        Instant now = clock.instant();
        UUID id = current.id();
        return (current.publishedAt() != null
                ? tx.transactional(products.archive(id, now)
                    .then(outbox.append(EventTypes.PRODUCT_ARCHIVED, id, new ProductArchived(id, false))).thenReturn(List.<String>of()))
                // A removed product's uploads go with it, unless another product shows the same bytes.
                : tx.transactional(products.mediaOf(id).flatMap(uploads -> products.delete(id)
                    .then(outbox.append(EventTypes.PRODUCT_ARCHIVED, id, new ProductArchived(id, true))).thenReturn(uploads))))
            .flatMap(uploads -> cache.invalidate().then(media.release(uploads)));
    }

    /** Which unique value a refused write repeated: the barcode has its own index, the rest is the SKU's. */
    static AgoraException duplicate(DuplicateKeyException ex) {
        String message = String.valueOf(ex.getMessage());
        if (message.contains(SLUG_KEY)) {
            return AgoraException.conflict("Products with this name were being written at the same moment; try again.");
        }
        if (message.contains("products_barcode_key")) {
            return AgoraException.conflict("A product with this barcode already exists.");
        }
        if (message.contains("barcode_key")) {
            return AgoraException.conflict("A product or variant with this barcode already exists.");
        }
        return message.contains("sellable_sku_key") || message.contains("product_variants_sku_key")
                ? AgoraException.conflict("A product or variant with this SKU already exists.")
                : AgoraException.conflict("A product with this SKU already exists.");
    }

    /**
     * Whether the change touches what an admin reviewed: the names, the description, the images or
     * their alt texts. Spaces around a text are not a change (a form that trims them resubmits nothing).
     */
    static boolean reviewedContentChanged(Product before, Product after) {
        return !before.name().strip().equals(after.name().strip()) || !before.names().equals(after.names())
                || !before.description().strip().equals(after.description().strip()) || !shown(before).equals(shown(after));
    }

    private static List<String> shown(Product product) {
        return product.images().stream().map(i -> i.url() + "\n" + i.altText()).toList();
    }

    private static boolean priceChanged(Product before, Product after) {
        return before.price().compareTo(after.price()) != 0 || !before.currency().equals(after.currency());
    }

    /** In the transaction that files the product: it keeps the categories found until it ends. */
    private Mono<Void> checkCategories(List<UUID> ids) {
        return categories.existing(ids).collectList().flatMap(found -> {
            List<Problems.FieldError> errors = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (!found.contains(ids.get(i))) {
                    errors.add(new Problems.FieldError("categoryIds[" + i + "]", "names no category"));
                }
            }
            return errors.isEmpty() ? Mono.empty()
                    : Mono.error(AgoraException.badRequest("Some categories do not exist.").withErrors(errors));
        });
    }
}
