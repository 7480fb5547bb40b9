package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        @Size(max = 320) String seoDescription,
        @Schema(description = "the variants it is sold in, replacing those it had: one with the id of an existing variant "
                + "changes it, one without an id is new, and an existing one left out is removed (its stock stays in "
                + "inventory-svc, no longer sold). Absent or empty: sold as itself")
        @Size(max = MAX_VARIANTS) List<@NotNull @Valid VariantRequest> variants,
        Long version) {

    /** Images a product may list, uploads and URLs together. */
    static final int MAX_IMAGES = 20;

    /** Variants a product may have. */
    static final int MAX_VARIANTS = 100;

    /**
     * A variant as a client writes it.
     *
     * @param id an existing variant of the product to change; absent for a new one
     * @param options option name to value; every variant of a product names the same options
     */
    record VariantRequest(UUID id,
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may hold letters, digits, '.', '_' and '-'")
            String sku,
            @Schema(description = "optional GTIN: 8, 12, 13 or 14 digits with a valid check digit, unique among products and variants")
            String barcode, @NotNull @Valid Money price,
            @Schema(description = "option name to value, 1 to 3 of them, such as {\"size\": \"M\", \"colour\": \"red\"}")
            @NotNull @Size(min = 1, max = 3) Map<@NotBlank @Size(max = 40) String, @NotBlank @Size(max = 60) String> options) {

        String barcodeOrNull() {
            return barcode == null || barcode.isEmpty() ? null : barcode;
        }

        /** The options as stored: names and values trimmed, in name order. */
        Map<String, String> trimmedOptions() {
            Map<String, String> trimmed = new TreeMap<>();
            options.forEach((name, value) -> trimmed.put(name.strip(), value.strip()));
            return trimmed;
        }
    }

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
        errors.addAll(variantErrors());
        if (errors.isEmpty() && compareAtPrice != null) {
            if (!compareAtPrice.currency().equals(price.currency())) {
                errors.add(new Problems.FieldError("compareAtPrice.currency", "must be the price's currency"));
            }
            else if (compareAtPrice.value().compareTo(effectivePrice()) <= 0) {
                errors.add(new Problems.FieldError("compareAtPrice.amount", variantsOrEmpty().isEmpty()
                        ? "must be greater than the price" : "must be greater than the lowest variant price"));
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

    /** What the product costs: its price, or with variants the lowest of theirs (the "from" price a listing shows). */
    BigDecimal effectivePrice() {
        return variantsOrEmpty().stream().map(v -> v.price().value()).min(Comparator.naturalOrder()).orElse(price.value());
    }

    List<VariantRequest> variantsOrEmpty() {
        return variants == null ? List.of() : variants;
    }

    /**
     * What is wrong with the variants: their money, barcodes, SKUs or barcodes repeated (among them
     * or the product's), option names that differ between them, or two with the same values.
     */
    private List<Problems.FieldError> variantErrors() {
        List<Problems.FieldError> errors = new ArrayList<>();
        Set<String> skus = new HashSet<>(Set.of(sku == null ? "" : sku.toLowerCase(Locale.ROOT)));
        Set<String> barcodes = new HashSet<>();
        if (barcodeOrNull() != null && Gtin.problem(barcode) == null) {
            barcodes.add(Gtin.key(barcode));
        }
        Set<UUID> ids = new HashSet<>();
        Set<Map<String, String>> combinations = new HashSet<>();
        Set<String> optionNames = null;
        List<VariantRequest> given = variantsOrEmpty();
        for (int i = 0; i < given.size(); i++) {
            VariantRequest variant = given.get(i);
            String at = "variants[" + i + "]";
            errors.addAll(variant.price().errors(at + ".price"));
            if (variant.price().errors(at + ".price").isEmpty() && price.errors("price").isEmpty()
                    && !variant.price().currency().equals(price.currency())) {
                errors.add(new Problems.FieldError(at + ".price.currency", "must be the product's currency"));
            }
            if (variant.id() != null && !ids.add(variant.id())) {
                errors.add(new Problems.FieldError(at + ".id", "appears more than once"));
            }
            if (!skus.add(variant.sku().toLowerCase(Locale.ROOT))) {
                errors.add(new Problems.FieldError(at + ".sku", "repeats the product's SKU or another variant's"));
            }
            String barcodeProblem = variant.barcodeOrNull() == null ? null : Gtin.problem(variant.barcode());
            if (barcodeProblem != null) {
                errors.add(new Problems.FieldError(at + ".barcode", barcodeProblem));
            }
            else if (variant.barcodeOrNull() != null && !barcodes.add(Gtin.key(variant.barcode()))) {
                errors.add(new Problems.FieldError(at + ".barcode", "repeats the product's barcode or another variant's"));
            }
            Map<String, String> options = variant.trimmedOptions();
            if (options.size() != variant.options().size() || options.keySet().stream().anyMatch(String::isEmpty)
                    || options.values().stream().anyMatch(String::isEmpty)) {
                errors.add(new Problems.FieldError(at + ".options", "has names or values that are blank or differ only in spaces"));
                continue;
            }
            if (optionNames == null) {
                optionNames = options.keySet();
            }
            else if (!optionNames.equals(options.keySet())) {
                errors.add(new Problems.FieldError(at + ".options", "must name the same options as the first variant: " + optionNames));
            }
            if (!combinations.add(options)) {
                errors.add(new Problems.FieldError(at + ".options", "repeats another variant's values"));
            }
        }
        return errors;
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
            @Size(max = 320) String seoDescription,
            @Schema(description = "replaces every variant as in PUT; [] removes them")
            @Size(max = MAX_VARIANTS) List<@NotNull @Valid VariantRequest> variants, @NotNull Long version) {

        ProductRequest onto(Product p) {
            return new ProductRequest(or(name, p.name()), or(names, p.names()), or(description, p.description()), or(sku, p.sku()),
                    or(barcode, p.barcode()), p.vendorId(),
                    or(categoryIds, p.categoryIds()), or(status, p.status().value()), or(price, Money.of(p.price(), p.currency())),
                    compareAtPrice != null ? compareAtPrice
                            : p.compareAtPrice() == null ? null : Money.of(p.compareAtPrice(), p.currency()),
                    or(images, p.images()), or(tags, p.tags()), or(attributes, p.attributes()),
                    or(weightGrams, p.weightGrams()), or(dimensions, p.dimensions()), or(seoTitle, p.seoTitle()),
                    or(seoDescription, p.seoDescription()), or(variants, p.variants().stream()
                        .map(v -> new VariantRequest(v.id(), v.sku(), v.barcode(), Money.of(v.price(), p.currency()), v.options()))
                        .toList()), version);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

}
