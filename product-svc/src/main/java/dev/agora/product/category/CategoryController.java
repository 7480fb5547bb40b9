package dev.agora.product.category;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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
import dev.agora.defaults.web.PageQuery;
import dev.agora.product.cache.CatalogCache;

/**
 * The category tree: public reads, admin writes.
 */
@RestController
@RequestMapping("/api/v1/categories")
class CategoryController {

    private final CategoryRepository categories;
    private final CategoryTree tree;
    private final CatalogCache cache;

    CategoryController(CategoryRepository categories, CategoryTree tree, CatalogCache cache) {
        this.categories = categories;
        this.tree = tree;
        this.cache = cache;
    }

    /** A category as an admin writes it. */
    record CategoryRequest(@NotBlank @Size(max = 120) String name, UUID parentId, Integer sortOrder, Boolean active,
            @Size(max = 120) String seoTitle, @Size(max = 320) String seoDescription, Long version) {
    }

    @Operation(summary = "Categories, flat, in display order")
    @GetMapping
    Mono<PageQuery.Page<Category.View>> list(ServerWebExchange exchange, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        return categories.findAll(!isAdmin(exchange)).collectList().zipWith(categories.productCounts()).map(t -> {
            List<Category.View> all = t.getT1().stream().map(c -> c.view(t.getT2().getOrDefault(c.id(), 0L))).toList();
            int from = (int) Math.min(query.offset(), all.size());
            return query.page(all.subList(from, Math.min(from + query.size(), all.size())), all.size());
        });
    }

    @Operation(summary = "The whole tree with product counts including descendants")
    @GetMapping("/tree")
    Mono<List<Category.Node>> tree(ServerWebExchange exchange) {
        boolean admin = isAdmin(exchange);
        Mono<List<Category.Node>> load = categories.findAll(!admin).collectList().zipWith(categories.productCounts())
            .map(t -> build(t.getT1(), t.getT2()));
        return admin ? load : cache.list("tree", "public", cache.json().getTypeFactory()
            .constructCollectionType(List.class, Category.Node.class), load);
    }

    @GetMapping("/{id}")
    Mono<Category.View> get(ServerWebExchange exchange, @PathVariable UUID id) {
        return visible(exchange, categories.findById(id));
    }

    @GetMapping("/slug/{slug}")
    Mono<Category.View> bySlug(ServerWebExchange exchange, @PathVariable String slug) {
        return visible(exchange, categories.findBySlug(slug));
    }

    @Operation(summary = "Create a category (admin)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Category.View> create(AgoraPrincipal caller, @Valid @RequestBody CategoryRequest request) {
        return tree.create(request).map(c -> c.view(0));
    }

    @Operation(summary = "Change or move a category (admin); a move under its own subtree is refused (409)")
    @PutMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Category.View> update(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody CategoryRequest request) {
        if (request.version() == null) {
            throw AgoraException.badRequest("version is required to change a category.");
        }
        return tree.update(id, request).flatMap(this::withCount);
    }

    @Operation(summary = "Delete a category (admin); refused (409) while it has children or products")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Void> delete(AgoraPrincipal caller, @PathVariable UUID id) {
        return tree.delete(id);
    }

    private Mono<Category.View> visible(ServerWebExchange exchange, Mono<Category> category) {
        boolean admin = isAdmin(exchange);
        return category.filter(c -> c.active() || admin)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The category")))
            .flatMap(this::withCount);
    }

    private Mono<Category.View> withCount(Category c) {
        return categories.productCount(c.id()).map(c::view);
    }

    private static boolean isAdmin(ServerWebExchange exchange) {
        AgoraPrincipal caller = Principals.optional(exchange);
        return caller != null && caller.isAdmin();
    }

    /** Nests the flat list; children of hidden categories are hidden with them. */
    static List<Category.Node> build(List<Category> all, Map<UUID, Long> counts) {
        Map<UUID, List<Category>> byParent = new HashMap<>();
        for (Category c : all) {
            byParent.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
        }
        return nodes(null, byParent, counts);
    }

    private static List<Category.Node> nodes(UUID parent, Map<UUID, List<Category>> byParent, Map<UUID, Long> counts) {
        return byParent.getOrDefault(parent, List.of()).stream()
            .sorted(Comparator.comparingInt(Category::sortOrder).thenComparing(Category::name))
            .map(c -> new Category.Node(c.id(), c.name(), c.slug(), c.sortOrder(), c.active(),
                    counts.getOrDefault(c.id(), 0L), nodes(c.id(), byParent, counts)))
            .toList();
    }
}
