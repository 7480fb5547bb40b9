package dev.agora.product.product;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.Principals;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.product.cache.CatalogCache;
import dev.agora.product.category.Category;
import dev.agora.product.category.CategoryRepository;

/**
 * Products: public search and reads; writes by admins, and by vendors for their own products.
 */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

    private final ProductRepository products;
    private final CategoryRepository categories;
    private final ProductChanges changes;
    private final CatalogCache cache;
    private final RegionalNames names;
    private final Suggestions suggestions;
    private final ProductFacets facets;

    ProductController(ProductRepository products, CategoryRepository categories, ProductChanges changes, CatalogCache cache,
            RegionalNames names, Suggestions suggestions, ProductFacets facets) {
        this.products = products;
        this.categories = categories;
        this.changes = changes;
        this.cache = cache;
        this.names = names;
        this.suggestions = suggestions;
        this.facets = facets;
    }

    @Operation(summary = "Search and list products", description = """
            Public products only (active, approved by an admin, of an active and verified vendor), unless an admin or vendor
            filters by status.
            `inStock=true` keeps products with units available, `false` those without, as inventory-svc last announced
            (its `inventory.stock_changed` events; usually within a second). A product never stocked is out of stock.
            Each item carries `inStock` and its `rating` summary (review-svc's `review.*` events), so a listing needs no
            call per product. `facets` counts the whole result by category, vendor, tag, price band and stock.""")
    @GetMapping
    Mono<ProductSearchPage> search(ServerWebExchange exchange,
            @Parameter(description = "full-text query over name, tags and description; typo-tolerant on the name; a GTIN finds its barcode")
            @RequestParam(required = false) String q,
            @Parameter(description = "category id or slug; includes its descendants") @RequestParam(required = false) String category,
            @RequestParam(required = false) UUID vendor, @RequestParam(required = false) String minPrice,
            @RequestParam(required = false) String maxPrice, @RequestParam(name = "tag", required = false) List<String> tags,
            @RequestParam(required = false) Boolean inStock,
            @Parameter(description = "relevance (the default with q), newest (the default without), price_asc, price_desc, name, "
                    + "rating: best average first, more reviews first among equals, unrated last; "
                    + "or popular: most units sold in orders that stand (not cancelled or refunded) first")
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        AgoraPrincipal caller = Principals.optional(exchange);
        Mono<List<UUID>> categoryIds = category == null ? Mono.just(List.<UUID>of())
                : resolveCategory(category).flatMapMany(c -> categories.subtree(c.id())).collectList();
        return categoryIds.flatMap(ids -> {
            ProductQuery query = ProductQuery.of(q, category == null ? null : ids, vendor, minPrice, maxPrice, tags, inStock,
                    sort, status, page, size);
            ProductQuery.Sql sql = query.sql(caller);
            Mono<ProductSearchPage> load = Mono.zip(products.search(sql).map(Product::view).collectList(), facets.of(sql))
                .map(t -> ProductSearchPage.of(query.page().page(t.getT1(), t.getT2().total()), t.getT2().facets()));
            // Public listings are the same for every caller, so they are shared; status-filtered ones are not.
            // Names are localized after the cache, so one cached page serves every language.
            Mono<ProductSearchPage> result = query.status() == null
                    ? cache.list("listing", query.cacheKey(), cache.json().constructType(ProductSearchPage.class), load)
                    : load;
            return result.map(p -> localized(exchange, p));
        });
    }

    @Operation(summary = "Suggest products while a shopper types", description = """
            Up to `limit` (default 8, at most 10) public products whose name or regional name starts with `q`, or has a
            word that does; failing that, names `q` is a small typo of (a missing, extra or swapped letter). Names that
            start with `q` come first. Answers are cached with the catalogue, so repeated prefixes are served from Redis.""")
    @GetMapping("/suggest")
    Mono<Suggestions.Result> suggest(ServerWebExchange exchange,
            @Parameter(description = "what the shopper typed so far, 1 to 100 characters") @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit) {
        SuggestQuery query = SuggestQuery.of(q, limit);
        RegionalNames.varyByLanguage(exchange, null);
        return suggestions.suggest(query, names.requested(exchange));
    }

    @GetMapping("/{id}")
    Mono<Product.View> get(ServerWebExchange exchange, @PathVariable UUID id) {
        return visible(exchange, cache.item("product", "id:" + id, Product.class, products.findById(id)));
    }

    @GetMapping("/sku/{sku}")
    Mono<Product.View> bySku(ServerWebExchange exchange, @PathVariable String sku) {
        return visible(exchange, cache.item("product", "sku:" + sku.toLowerCase(Locale.ROOT), Product.class,
                products.findBySku(sku)));
    }

    @Operation(summary = "A product by its GTIN barcode, written with 8, 12, 13 or 14 digits")
    @GetMapping("/barcode/{gtin}")
    Mono<Product.View> byBarcode(ServerWebExchange exchange, @PathVariable String gtin) {
        String problem = Gtin.problem(gtin);
        if (problem != null) {
            throw AgoraException.badRequest("gtin " + problem + ".").withErrors(List.of(new Problems.FieldError("gtin", problem)));
        }
        String key = Gtin.key(gtin);
        return visible(exchange, cache.item("product", "barcode:" + key, Product.class, products.findByBarcode(key)));
    }

    @GetMapping("/slug/{slug}")
    Mono<Product.View> bySlug(ServerWebExchange exchange, @PathVariable String slug) {
        return visible(exchange, cache.item("product", "slug:" + slug, Product.class, products.findBySlug(slug)));
    }

    @Operation(summary = "Create a product (admin for any vendor, vendors for their own)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Product.View> create(AgoraPrincipal caller, @Valid @RequestBody ProductRequest request) {
        request.checked();
        return changes.create(vendorForCreate(caller, request.vendorId()), request, caller.isAdmin()).map(Product::view);
    }

    @Operation(summary = "Replace a product; needs the current version (a stale one is 409)")
    @PutMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Product.View> replace(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody ProductRequest request) {
        if (request.version() == null) {
            throw AgoraException.badRequest("version is required to change a product.")
                .withErrors(List.of(new Problems.FieldError("version", "is required")));
        }
        return writable(caller, id).flatMap(current -> {
            if (request.vendorId() != null && !request.vendorId().equals(current.vendorId())) {
                return Mono.error(AgoraException.badRequest("A product cannot move to another vendor.")
                    .withErrors(List.of(new Problems.FieldError("vendorId", "cannot change"))));
            }
            return changes.update(current, request.checked(), caller.isAdmin()).map(Product::view);
        });
    }

    @Operation(summary = "Change some fields of a product; needs the current version (a stale one is 409)")
    @PatchMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Product.View> patch(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody ProductRequest.Patch patch) {
        return writable(caller, id).flatMap(current -> changes.update(current, patch.onto(current).checked(), caller.isAdmin()).map(Product::view));
    }

    @Operation(summary = "Delete a product: archived if it was ever published, removed if it never was")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Void> delete(AgoraPrincipal caller, @PathVariable UUID id) {
        return writable(caller, id).flatMap(changes::remove);
    }

    private UUID vendorForCreate(AgoraPrincipal caller, UUID requested) {
        if (caller.isAdmin()) {
            if (requested == null) {
                throw AgoraException.badRequest("An admin must name the vendor.")
                    .withErrors(List.of(new Problems.FieldError("vendorId", "is required")));
            }
            return requested;
        }
        if (caller.vendorId() == null) {
            throw AgoraException.forbidden("This account acts for no vendor yet; sign in again after verification.");
        }
        if (requested != null && !requested.equals(caller.vendorId())) {
            throw AgoraException.forbidden("Vendors create products for their own vendor only.");
        }
        return caller.vendorId();
    }

    /** The product, if the caller (an admin or vendor, see @RequiresRole) may change it; others' are invisible. */
    private Mono<Product> writable(AgoraPrincipal caller, UUID id) {
        return products.findById(id)
            .filter(p -> caller.isAdmin() || Objects.equals(p.vendorId(), caller.vendorId()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")));
    }

    private Mono<Product.View> visible(ServerWebExchange exchange, Mono<Product> product) {
        AgoraPrincipal caller = Principals.optional(exchange);
        List<Locale.LanguageRange> ranges = names.requested(exchange);
        return product
            .filter(p -> p.isPublic() || caller != null && (caller.isAdmin() || Objects.equals(p.vendorId(), caller.vendorId())))
            .map(p -> {
                RegionalNames.Localized localized = names.localize(p.view(), ranges);
                RegionalNames.varyByLanguage(exchange, localized.language());
                return localized.view();
            })
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")));
    }

    /** A list page with each product's name in the caller's language (each may differ, so no Content-Language). */
    private ProductSearchPage localized(ServerWebExchange exchange, ProductSearchPage page) {
        List<Locale.LanguageRange> ranges = names.requested(exchange);
        RegionalNames.varyByLanguage(exchange, null);
        return page.withItems(page.items().stream().map(v -> names.localize(v, ranges).view()).toList());
    }

    private Mono<Category> resolveCategory(String idOrSlug) {
        Mono<Category> found;
        try {
            found = categories.findById(UUID.fromString(idOrSlug));
        }
        catch (IllegalArgumentException notAnId) {
            found = categories.findBySlug(idOrSlug);
        }
        return found.switchIfEmpty(Mono.error(() -> AgoraException.badRequest("category names no category.")
            .withErrors(List.of(new Problems.FieldError("category", "names no category")))));
    }
}
