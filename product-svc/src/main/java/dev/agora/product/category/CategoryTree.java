package dev.agora.product.category;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;
import dev.agora.product.Slugs;
import dev.agora.product.cache.CatalogCache;

/**
 * Changes of the category tree. Each takes the tree's lock in its transaction, so that two moves
 * cannot make a cycle together, then drops the catalogue cache.
 */
@Service
class CategoryTree {

    private final CategoryRepository categories;
    private final TransactionalOperator tx;
    private final CatalogCache cache;
    private final Clock clock;

    CategoryTree(CategoryRepository categories, TransactionalOperator tx, CatalogCache cache, Clock clock) {
        this.categories = categories;
        this.tx = tx;
        this.cache = cache;
        this.clock = clock;
    }

    Mono<Category> create(CategoryController.CategoryRequest request) {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Mono<Category> created = parentExists(request.parentId())
            .then(freeSlug(Slugs.of(request.name()), 1))
            .flatMap(slug -> categories.insert(new Category(Uuids.v7(), request.parentId(), request.name(), slug,
                    request.sortOrder() == null ? 0 : request.sortOrder(), request.active() == null || request.active(),
                    request.seoTitle(), request.seoDescription(), now, now, 0)));
        return tx.transactional(categories.lockTree().then(created))
            .flatMap(c -> cache.invalidate().thenReturn(c));
    }

    /** Changes or moves a category; a move under its own subtree is a conflict, as is a stale version. */
    Mono<Category> update(UUID id, CategoryController.CategoryRequest request) {
        Mono<Category> updated = categories.findById(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The category")))
            .flatMap(current -> parentExists(request.parentId())
                .then(request.parentId() == null ? Mono.just(false) : categories.isInSubtree(id, request.parentId()))
                .flatMap(cycle -> cycle
                        ? Mono.error(AgoraException.conflict("A category cannot move under itself or its descendants."))
                        : categories.update(new Category(id, request.parentId(), request.name(), current.slug(),
                                request.sortOrder() == null ? current.sortOrder() : request.sortOrder(),
                                request.active() == null ? current.active() : request.active(), request.seoTitle(),
                                request.seoDescription(), current.createdAt(), current.updatedAt(), current.version()),
                                request.version(), clock.instant())
                            .switchIfEmpty(Mono.error(() -> AgoraException.conflict(
                                    "The category was changed by someone else; reload it.")))));
        return tx.transactional(categories.lockTree().then(updated))
            .flatMap(c -> cache.invalidate().thenReturn(c));
    }

    /** Deletes a category without children or products; one with them is a conflict. */
    Mono<Void> delete(UUID id) {
        return tx.transactional(categories.lockTree()
            .then(categories.findByIdForDelete(id))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The category")))
            .flatMap(c -> categories.hasChildrenOrProducts(id))
            .flatMap(used -> used ? Mono.error(AgoraException.conflict("The category still has children or products."))
                    : categories.delete(id))
            .then())
            .then(cache.invalidate());
    }

    private Mono<Void> parentExists(UUID parentId) {
        return parentId == null ? Mono.empty() : categories.findById(parentId)
            .switchIfEmpty(Mono.error(() -> AgoraException.badRequest("parentId names no category.")))
            .then();
    }

    private Mono<String> freeSlug(String base, int n) {
        String candidate = Slugs.candidate(base, n);
        return categories.slugTaken(candidate).flatMap(taken -> taken ? freeSlug(base, n + 1) : Mono.just(candidate));
    }
}
