package dev.agora.product.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.agora.defaults.money.Money;

/**
 * A product as stored, with its categories and images.
 */
public record Product(UUID id, UUID vendorId, String name, Map<String, String> names, String slug, String description, String sku, String barcode,
        ProductStatus status, Moderation moderation, String moderationReason,
        BigDecimal price, BigDecimal compareAtPrice, String currency, List<String> tags, Map<String, Object> attributes,
        Integer weightGrams, Dimensions dimensions, String seoTitle, String seoDescription, List<UUID> categoryIds,
        List<Image> images, Instant publishedAt, Instant createdAt, Instant updatedAt, long version,
        boolean vendorPublic, boolean inStock, Rating rating, List<Variant> variants) {

    public Product {
        // Catalogue cache entries written before moderation (V11) name none; V11 approved every product of then.
        moderation = moderation == null ? Moderation.APPROVED : moderation;
        // Nor do those written before variants (V12).
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** Whether it is sold as variants (stock, cart lines and orders name one), not as itself. */
    public boolean hasVariants() {
        return !variants.isEmpty();
    }

    /**
     * A size, colour or material the product is sold in: a unit of its own, with its own SKU, price,
     * barcode and stock (inventory-svc keeps it under the variant's id).
     *
     * @param options what tells it apart, option name to value, such as {@code {"size": "M"}}
     * @param inStock units are available, as inventory-svc last announced
     */
    public record Variant(UUID id, String sku, String barcode, BigDecimal price, Map<String, String> options, boolean inStock) {

        /** Its options' values in their names' order, e.g. {@code M / red}: how a cart line or a receipt tells it apart. */
        public String label() {
            return String.join(" / ", new TreeMap<>(options).values());
        }

        View view(String currency) {
            return new View(id, sku, barcode, Money.of(price, currency), options, label(), inStock);
        }

        /** The API representation of a variant. */
        public record View(UUID id, String sku,
                @Schema(description = "GTIN (8, 12, 13 or 14 digits); absent when none") String barcode, Money price,
                @Schema(description = "option name to value, such as {\"size\": \"M\", \"colour\": \"red\"}") Map<String, String> options,
                @Schema(description = "the option values in the order of their names, such as \"red / M\"") String label,
                @Schema(description = "units of this variant are available, as inventory-svc last announced") boolean inStock) {
        }
    }

    /** The variant of this product with that id, if it has one. */
    public Optional<Variant> variant(UUID variantId) {
        return variants.stream().filter(v -> v.id().equals(variantId)).findFirst();
    }

    /** Its images' URLs, uploads' and others', in order. */
    List<String> imageUrls() {
        return images.stream().map(Image::url).toList();
    }

    /** Whether anonymous callers may see it. */
    public boolean isPublic() {
        return status == ProductStatus.ACTIVE && moderation == Moderation.APPROVED && vendorPublic;
    }

    /**
     * An image of the product: a URL from elsewhere, or an upload (POST /products/{id}/images), whose
     * URL is this platform's and which also has a medium and a thumbnail rendition. Clients change
     * the list (order, alt text, removal) by sending url and altText; the rest is the server's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(@NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url, @Size(max = 200) String altText, @PositiveOrZero Integer position,
            @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "uploads only: at most 800 pixels a side")
            String mediumUrl,
            @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "uploads only: at most 200 pixels a side")
            String thumbnailUrl,
            @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "uploads only: of the original, in pixels")
            Integer width,
            @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "uploads only: of the original, in pixels")
            Integer height) {

        public Image(String url, String altText, Integer position) {
            this(url, altText, position, null, null, null, null);
        }
    }

    /** The summary of a product's published reviews, as review-svc last announced them. */
    @Schema(description = "the product's published reviews: how many, and their average (absent while there are none)")
    public record Rating(@Schema(description = "1.00 to 5.00, two decimals") BigDecimal average, int count) {

        public static final Rating NONE = new Rating(null, 0);
    }

    /**
     * Package dimensions in millimetres.
     */
    public record Dimensions(@PositiveOrZero Integer lengthMm, @PositiveOrZero Integer widthMm,
            @PositiveOrZero Integer heightMm) {
    }

    /** The API representation. */
    public record View(UUID id, UUID vendorId,
            @Schema(description = "in the caller's language when the product has a regional name for it (see Content-Language); "
                    + "Accept-Language: * always gets the catalogue's own name, as an editor needs")
            String name,
            @Schema(description = "regional names by BCP 47 language tag, such as hi-IN") Map<String, String> names,
            String slug, String description, String sku,
            @Schema(description = "GTIN (8, 12, 13 or 14 digits) as the vendor gave it; absent when none") String barcode,
            ProductStatus status,
            @Schema(description = "pending_review until an admin approves it; only approved products reach shoppers")
            Moderation moderation,
            @Schema(description = "why an admin rejected it; absent unless rejected") String moderationReason,
            Money price, Money compareAtPrice, List<UUID> categoryIds, List<Image> images, List<String> tags,
            Map<String, Object> attributes, Integer weightGrams, Dimensions dimensions, String seoTitle,
            String seoDescription, Instant publishedAt, Instant createdAt, Instant updatedAt, long version,
            @Schema(description = "units are available, as inventory-svc last announced (usually within a second); "
                    + "a product never stocked is out of stock; for a product with variants, some variant has units")
            boolean inStock,
            Rating rating,
            @Schema(description = "the sizes, colours… it is sold in, each with its own SKU, price and stock; empty when it is "
                    + "sold as itself. With variants, price is the lowest of theirs, and a cart line or an order names one")
            List<Variant.View> variants) {

        /** The same product under another name: a regional one, for a caller of that language. */
        View withName(String localized) {
            return new View(id, vendorId, localized, names, slug, description, sku, barcode, status, moderation, moderationReason, price, compareAtPrice,
                    categoryIds, images, tags, attributes, weightGrams, dimensions, seoTitle, seoDescription, publishedAt,
                    createdAt, updatedAt, version, inStock, rating, variants);
        }
    }

    public View view() {
        return new View(id, vendorId, name, names, slug, description, sku, barcode, status, moderation, moderationReason,
                Money.of(price, currency),
                compareAtPrice == null ? null : Money.of(compareAtPrice, currency), categoryIds, images, tags, attributes,
                weightGrams, dimensions, seoTitle, seoDescription, publishedAt, createdAt, updatedAt, version, inStock, rating,
                variants.stream().map(v -> v.view(currency)).toList());
    }
}
