package dev.agora.product.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.product.Slugs;
import dev.agora.product.media.MediaLibrary;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.ProductReviewRequested;

/**
 * Creates products, with a free slug, a {@code product.created} event and, for a vendor's, a
 * {@code product.review_requested} one, inside the caller's
 * transaction: shared by the API and bulk imports.
 */
@Component
class ProductWriter {

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final MediaLibrary media;

    ProductWriter(ProductRepository products, OutboxWriter outbox, MediaLibrary media) {
        this.products = products;
        this.outbox = outbox;
        this.media = media;
    }

    /**
     * Inserts a validated request for {@code vendorId}; run it inside a transaction.
     *
     * @param byAdmin an admin's product is approved at once (admins are the reviewers); a vendor's waits for review
     */
    Mono<UUID> create(UUID vendorId, ProductRequest request, Instant now, boolean byAdmin) {
        requireKnownVariants(request, List.of());
        UUID id = Uuids.v7();
        Moderation moderation = byAdmin ? Moderation.APPROVED : Moderation.PENDING_REVIEW;
        return freeSlug(Slugs.of(request.name()), id).flatMap(slug -> {
            Product product = build(id, vendorId, slug, request, moderation, null, now, now);
            Mono<Void> review = byAdmin ? Mono.empty() : outbox.append(EventTypes.PRODUCT_REVIEW_REQUESTED, id,
                    new ProductReviewRequested(id, vendorId, product.name())).then();
            return media.hold(product.imageUrls()).then(products.insert(product))
                .then(outbox.append(EventTypes.PRODUCT_CREATED, id, product.view()))
                .then(review).thenReturn(id);
        });
    }

    /** Refuses variant ids that are not of the product's variants now: a variant never moves between products. */
    static void requireKnownVariants(ProductRequest request, List<Product.Variant> current) {
        List<Problems.FieldError> errors = new ArrayList<>();
        List<ProductRequest.VariantRequest> given = request.variantsOrEmpty();
        for (int i = 0; i < given.size(); i++) {
            UUID id = given.get(i).id();
            if (id != null && current.stream().noneMatch(v -> v.id().equals(id))) {
                errors.add(new Problems.FieldError("variants[" + i + "].id", "names no variant of this product; leave it out for a new one"));
            }
        }
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("Some variants are not this product's.").withErrors(errors);
        }
    }

    /** The first slug for {@code base} no other product has; run it inside the transaction that writes it. */
    Mono<String> freeSlug(String base, UUID self) {
        return products.lockSlug(base).then(freeSlug(base, self, 1));
    }

    private Mono<String> freeSlug(String base, UUID self, int n) {
        String candidate = Slugs.candidate(base, n);
        return products.slugTaken(candidate, self).flatMap(taken -> taken ? freeSlug(base, self, n + 1) : Mono.just(candidate));
    }

    static Product build(UUID id, UUID vendorId, String slug, ProductRequest r, Moderation moderation, Instant publishedAt,
            Instant createdAt, Instant now) {
        ProductStatus status = r.status() == null ? ProductStatus.DRAFT : ProductStatus.of(r.status());
        Instant published = publishedAt == null && status == ProductStatus.ACTIVE ? now : publishedAt;
        List<Product.Image> images = new ArrayList<>();
        List<Product.Image> given = r.images() == null ? List.of() : r.images();
        for (int i = 0; i < given.size(); i++) {
            Product.Image image = given.get(i);
            images.add(new Product.Image(image.url(), image.altText() == null ? "" : image.altText(), i));
        }
        Map<String, String> names = new TreeMap<>();
        if (r.names() != null) {
            r.names().forEach((tag, name) -> names.put(tag, name.trim()));
        }
        List<Product.Variant> variants = r.variantsOrEmpty().stream()
            .map(v -> new Product.Variant(v.id() == null ? Uuids.v7() : v.id(), v.sku(), v.barcodeOrNull(), v.price().value(),
                    v.trimmedOptions(), false))
            .toList();
        return new Product(id, vendorId, r.name().trim(), names, slug, r.description() == null ? "" : r.description(), r.sku(),
                r.barcodeOrNull(), status, moderation, null,
                r.effectivePrice(), r.compareAtPrice() == null ? null : r.compareAtPrice().value(), r.price().currency(),
                r.tagsOrEmpty(), r.attributes() == null ? Map.of() : r.attributes(), r.weightGrams(), r.dimensions(),
                r.seoTitle(), r.seoDescription(), List.copyOf(new HashSet<>(r.categoryIds())), images, published,
                createdAt, now, 0, false, false, Product.Rating.NONE, variants);
    }
}
