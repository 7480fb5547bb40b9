package dev.agora.product.product;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.product.cache.CatalogCache;

/**
 * Completions for a search box: a few public products for what a shopper has typed so far. Each
 * answer is cached like a search page, so a repeated prefix costs one Redis round trip; names are
 * localized after the cache, so one entry serves every language.
 */
@Service
class Suggestions {

    private final ProductRepository products;
    private final CatalogCache cache;
    private final RegionalNames names;

    Suggestions(ProductRepository products, CatalogCache cache, RegionalNames names) {
        this.products = products;
        this.cache = cache;
        this.names = names;
    }

    @Schema(description = "Products that complete what was typed, best first")
    record Result(@Schema(description = "what was typed, trimmed") String query, List<Item> suggestions) {
    }

    @Schema(description = "A product to offer while the shopper types")
    record Item(UUID id,
            @Schema(description = "in the caller's language when the product has a regional name for it") String name,
            String slug, Money price) {
    }

    Mono<Result> suggest(SuggestQuery query, List<Locale.LanguageRange> ranges) {
        Mono<List<Product.View>> load = products.search(query.sql()).map(Product::view).collectList();
        return cache.list("suggest", query.cacheKey(), cache.json().getTypeFactory()
                .constructCollectionType(List.class, Product.View.class), load)
            .map(found -> new Result(query.q(), found.stream()
                .map(view -> names.localize(view, ranges).view())
                .map(view -> new Item(view.id(), view.name(), view.slug(), view.price()))
                .toList()));
    }
}
