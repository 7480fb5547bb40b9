package dev.agora.product.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * A whole product as a client writes it ({@code POST}, {@code PUT}); {@code PATCH} merges its
 * present fields onto the current product and validates the result the same way.
 */
record ProductRequest(@NotBlank @Size(max = 200) String name,
        @Schema(description = "regional names by BCP 47 language tag (hi-IN, ta-IN, fr…), at most 20")
        @Size(max = RegionalNames.MAX) Map<String, @NotBlank @Size(max = 200) String> names,
        @Size(max = 20_000) String description,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may hold letters, digits, '.', '_' and '-'")
        String sku, @Schema(description = "optional GTIN: 8, 12, 13 or 14 digits with a valid check digit, unique") String barcode,
        UUID vendorId, @NotNull @Size(min = 1, max = 20) List<@NotNull UUID> categoryIds,
        @Pattern(regexp = "draft|active|archived", message = "must be draft, active or archived") String status,
        @NotNull @Valid Money price, @Valid Money compareAtPrice, @Size(max = 20) List<Product.@NotNull @Valid Image> images,
        @Size(max = 30) List<@NotBlank @Size(max = 40) String> tags, @Size(max = 50) Map<String, Object> attributes,
        @PositiveOrZero Integer weightGrams, @Valid Product.Dimensions dimensions, @Size(max = 120) String seoTitle,
        @Size(max = 320) String seoDescription, Long version) {

    /** Images a product may list, uploads and URLs together. */
    static final int MAX_IMAGES = 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Checks what annotations cannot express: money, the price relation, attribute size. */
    ProductRequest checked() {
        List<Problems.FieldError> errors = new ArrayList<>(price.errors("price"));
        errors.addAll(RegionalNames.errors(names));
        String barcodeProblem = barcodeOrNull() == null ? null : Gtin.problem(barcode);
        if (barcodeProblem != null) {
            errors.add(new Problems.FieldError("barcode", barcodeProblem));
        }
        if (compareAtPrice != null) {
            errors.addAll(compareAtPrice.errors("compareAtPrice"));
        }
        if (errors.isEmpty() && compareAtPrice != null) {
            if (!compareAtPrice.currency().equals(price.currency())) {
                errors.add(new Problems.FieldError("compareAtPrice.currency", "must be the price's currency"));
            }
            else if (compareAtPrice.value().compareTo(price.value()) <= 0) {
                errors.add(new Problems.FieldError("compareAtPrice.amount", "must be greater than the price"));
            }
        }
        if (attributes != null && JSON.writeValueAsBytes(attributes).length > 8192) {
            errors.add(new Problems.FieldError("attributes", "may be at most 8 KiB of JSON"));
        }
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("The product has invalid fields.").withErrors(errors);
        }
        return this;
    }

    /** The barcode, or null for none (an empty one is none, which is how a PATCH removes it). */
    String barcodeOrNull() {
        return barcode == null || barcode.isEmpty() ? null : barcode;
    }

    List<String> tagsOrEmpty() {
        return tags == null ? List.of() : tags.stream().map(t -> t.trim().toLowerCase()).distinct().toList();
    }

    /** The fields a {@code PATCH} may change, all optional. */
    record Patch(@Size(max = 200) String name,
            @Schema(description = "replaces every regional name; {} removes them")
            @Size(max = RegionalNames.MAX) Map<String, @NotBlank @Size(max = 200) String> names,
            @Size(max = 20_000) String description,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String sku,
            @Schema(description = "a GTIN, or an empty string to remove the barcode") String barcode,
            @Size(min = 1, max = 20) List<@NotNull UUID> categoryIds,
            @Pattern(regexp = "draft|active|archived", message = "must be draft, active or archived") String status,
            @Valid Money price, @Valid Money compareAtPrice, @Size(max = 20) List<Product.@NotNull @Valid Image> images,
            @Size(max = 30) List<@NotBlank @Size(max = 40) String> tags, @Size(max = 50) Map<String, Object> attributes,
            @PositiveOrZero Integer weightGrams, @Valid Product.Dimensions dimensions, @Size(max = 120) String seoTitle,
            @Size(max = 320) String seoDescription, @NotNull Long version) {

        ProductRequest onto(Product p) {
            return new ProductRequest(or(name, p.name()), or(names, p.names()), or(description, p.description()), or(sku, p.sku()),
                    or(barcode, p.barcode()), p.vendorId(),
                    or(categoryIds, p.categoryIds()), or(status, p.status().value()), or(price, Money.of(p.price(), p.currency())),
                    compareAtPrice != null ? compareAtPrice
                            : p.compareAtPrice() == null ? null : Money.of(p.compareAtPrice(), p.currency()),
                    or(images, p.images()), or(tags, p.tags()), or(attributes, p.attributes()),
                    or(weightGrams, p.weightGrams()), or(dimensions, p.dimensions()), or(seoTitle, p.seoTitle()),
                    or(seoDescription, p.seoDescription()), version);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

}
