package dev.agora.product.category;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Categories in PostgreSQL; subtrees by recursive queries.
 */
@Repository
public class CategoryRepository {

    private static final String COLUMNS = "id, parent_id, name, slug, sort_order, active, seo_title, seo_description, created_at, updated_at, version";

    /** Public products: active, approved by an admin, of an active and verified vendor. */
    static final String PUBLIC_PRODUCT = "p.status = 'active' AND p.moderation = 'approved' AND v.active AND v.verification_status = 'verified'";

    private final DatabaseClient db;

    CategoryRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Category> insert(Category c) {
        return db.sql("""
                INSERT INTO categories (id, parent_id, name, slug, sort_order, active, seo_title, seo_description, created_at, updated_at)
                VALUES (:id, :parent, :name, :slug, :sort, :active, :seoTitle, :seoDescription, :now, :now)""")
            .bind("id", c.id()).bind("parent", Parameter.fromOrEmpty(c.parentId(), UUID.class)).bind("name", c.name())
            .bind("slug", c.slug()).bind("sort", c.sortOrder()).bind("active", c.active())
            .bind("seoTitle", Parameter.fromOrEmpty(c.seoTitle(), String.class))
            .bind("seoDescription", Parameter.fromOrEmpty(c.seoDescription(), String.class)).bind("now", c.createdAt())
            .then().then(findById(c.id()));
    }

    Mono<Category> update(Category c, long version, Instant now) {
        return db.sql("""
                UPDATE categories SET parent_id = :parent, name = :name, sort_order = :sort, active = :active,
                    seo_title = :seoTitle, seo_description = :seoDescription, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version""")
            .bind("id", c.id()).bind("version", version).bind("parent", Parameter.fromOrEmpty(c.parentId(), UUID.class))
            .bind("name", c.name()).bind("sort", c.sortOrder()).bind("active", c.active())
            .bind("seoTitle", Parameter.fromOrEmpty(c.seoTitle(), String.class))
            .bind("seoDescription", Parameter.fromOrEmpty(c.seoDescription(), String.class)).bind("now", now)
            .fetch().rowsUpdated()
            .flatMap(n -> n == 0 ? Mono.empty() : findById(c.id()));
    }

    /**
     * The category, locked until the transaction ends: a product being filed under it meanwhile
     * commits first, and no new one can be filed under it until this transaction ends.
     */
    Mono<Category> findByIdForDelete(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM categories WHERE id = :id FOR UPDATE").bind("id", id).map(CategoryRepository::map).one();
    }

    public Mono<Category> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM categories WHERE id = :id").bind("id", id).map(CategoryRepository::map).one();
    }

    public Mono<Category> findBySlug(String slug) {
        return db.sql("SELECT " + COLUMNS + " FROM categories WHERE slug = :slug").bind("slug", slug).map(CategoryRepository::map).one();
    }

    Flux<Category> findAll(boolean activeOnly) {
        return db.sql("SELECT " + COLUMNS + " FROM categories WHERE (active OR NOT :activeOnly) ORDER BY sort_order, name, id")
            .bind("activeOnly", activeOnly).map(CategoryRepository::map).all();
    }

    Mono<Boolean> slugTaken(String slug) {
        return db.sql("SELECT 1 FROM categories WHERE slug = :slug").bind("slug", slug).map(r -> true).one().hasElement();
    }

    /** Serialises tree changes in the current transaction, so two moves cannot make a cycle together. */
    Mono<Void> lockTree() {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('agora:categories:tree'))").then();
    }

    /** Whether {@code candidate} is {@code id} or one of its descendants. */
    Mono<Boolean> isInSubtree(UUID id, UUID candidate) {
        return db.sql("""
                WITH RECURSIVE sub AS (
                    SELECT id FROM categories WHERE id = :id
                    UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
                SELECT EXISTS (SELECT 1 FROM sub WHERE id = :candidate) AS hit""")
            .bind("id", id).bind("candidate", candidate).map(r -> Boolean.TRUE.equals(r.get("hit", Boolean.class))).one();
    }

    Mono<Boolean> hasChildrenOrProducts(UUID id) {
        return db.sql("""
                SELECT EXISTS (SELECT 1 FROM categories WHERE parent_id = :id)
                    OR EXISTS (SELECT 1 FROM product_categories WHERE category_id = :id) AS used""")
            .bind("id", id).map(r -> Boolean.TRUE.equals(r.get("used", Boolean.class))).one();
    }

    Mono<Long> delete(UUID id) {
        return db.sql("DELETE FROM categories WHERE id = :id").bind("id", id).fetch().rowsUpdated();
    }

    /** Public products per category, counting each product once per category including descendants. */
    Mono<Map<UUID, Long>> productCounts() {
        return db.sql("""
                WITH RECURSIVE tree AS (
                    SELECT id AS root, id FROM categories
                    UNION ALL SELECT t.root, c.id FROM categories c JOIN tree t ON c.parent_id = t.id)
                SELECT t.root, count(DISTINCT pc.product_id) AS n
                FROM tree t
                JOIN product_categories pc ON pc.category_id = t.id
                JOIN products p ON p.id = pc.product_id
                JOIN vendors v ON v.id = p.vendor_id
                WHERE\s""" + PUBLIC_PRODUCT + " GROUP BY t.root")
            .map(r -> Map.entry(r.get("root", UUID.class), r.get("n", Long.class)))
            .all()
            .collect(HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()));
    }

    /** Public products in one category and its descendants, each counted once. */
    Mono<Long> productCount(UUID id) {
        return db.sql("""
                WITH RECURSIVE sub AS (
                    SELECT id FROM categories WHERE id = :id
                    UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
                SELECT count(DISTINCT pc.product_id) AS n
                FROM sub
                JOIN product_categories pc ON pc.category_id = sub.id
                JOIN products p ON p.id = pc.product_id
                JOIN vendors v ON v.id = p.vendor_id
                WHERE\s""" + PUBLIC_PRODUCT)
            .bind("id", id).map(r -> r.get("n", Long.class)).one();
    }

    /**
     * Which of the ids exist, each locked against deletion until the caller's transaction ends, so
     * that a product filed under one cannot lose it between this check and its commit.
     */
    public Flux<UUID> existing(List<UUID> ids) {
        return db.sql("SELECT id FROM categories WHERE id = ANY(:ids) FOR KEY SHARE").bind("ids", ids.toArray(UUID[]::new))
            .map(r -> r.get("id", UUID.class)).all();
    }

    /** The category and all its descendants. */
    public Flux<UUID> subtree(UUID id) {
        return db.sql("""
                WITH RECURSIVE sub AS (
                    SELECT id FROM categories WHERE id = :id
                    UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
                SELECT id FROM sub""")
            .bind("id", id).map(r -> r.get("id", UUID.class)).all();
    }

    static Category map(Readable r) {
        return new Category(r.get("id", UUID.class), r.get("parent_id", UUID.class), r.get("name", String.class),
                r.get("slug", String.class), r.get("sort_order", Integer.class), Boolean.TRUE.equals(r.get("active", Boolean.class)),
                r.get("seo_title", String.class), r.get("seo_description", String.class), r.get("created_at", Instant.class),
                r.get("updated_at", Instant.class), r.get("version", Long.class));
    }
}
