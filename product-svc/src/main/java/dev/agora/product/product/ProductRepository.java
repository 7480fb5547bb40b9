package dev.agora.product.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Products in PostgreSQL, each loaded with its categories and images in one query.
 */
@Repository
class ProductRepository {

    private static final String COLUMNS = """
            SELECT p.id, p.vendor_id, p.name, p.names::text AS names, p.slug, p.description, p.sku::text AS sku, p.barcode, p.status,
                p.moderation, p.moderation_reason, p.price,
                p.compare_at_price, p.currency, p.tags, p.attributes::text AS attributes, p.weight_grams, p.length_mm,
                p.width_mm, p.height_mm, p.seo_title, p.seo_description, p.published_at, p.created_at, p.updated_at,
                p.version, (v.active AND v.verification_status = 'verified') AS vendor_public,
                ARRAY(SELECT pc.category_id FROM product_categories pc WHERE pc.product_id = p.id ORDER BY pc.category_id)
                    AS category_ids,
                (SELECT coalesce(json_agg(json_build_object('url', i.url, 'altText', i.alt_text, 'position', i.position,
                        'mediumUrl', CASE WHEN b.sha256 IS NOT NULL THEN regexp_replace(i.url, '/original$', '/medium') END,
                        'thumbnailUrl', CASE WHEN b.sha256 IS NOT NULL THEN regexp_replace(i.url, '/original$', '/thumbnail') END,
                        'width', b.width, 'height', b.height)
                    ORDER BY i.position), '[]'::json)
                    FROM product_images i LEFT JOIN media_blobs b ON b.sha256 = i.media_sha256
                    WHERE i.product_id = p.id)::text AS images,
                (SELECT coalesce(json_agg(json_build_object('id', pv.id, 'sku', pv.sku::text, 'barcode', pv.barcode, 'price', pv.price,
                        'options', pv.options, 'inStock', coalesce(vs.available, 0) > 0) ORDER BY pv.position), '[]'::json)
                    FROM product_variants pv LEFT JOIN product_stock vs ON vs.product_id = pv.id
                    WHERE pv.product_id = p.id)::text AS variants,
                """ + inStock("p") + " AS in_stock, r.average AS rating_average, coalesce(r.review_count, 0) AS rating_count";

    /**
     * Whether units of the product are available, as inventory-svc last announced: of the product
     * itself, or with variants of any of them (inventory-svc keeps a variant's stock under its id; stock
     * the product held before it had variants is no longer sold).
     */
    static String inStock(String alias) {
        // Two lookups by key, not one "product_id IN (variants UNION ALL the product)": PostgreSQL ran that
        // as a scan of all of product_stock per product, and a search's facets over 1,259 hits took 4.9 s
        // with 1,055 stocked products (docs/benchmarks.md). ORed EXISTS become hashed subplans instead.
        String id = alias + ".id";
        return "(EXISTS (SELECT 1 FROM product_variants pv JOIN product_stock s ON s.product_id = pv.id"
                + " WHERE pv.product_id = " + id + " AND s.available > 0)"
                + " OR (NOT EXISTS (SELECT 1 FROM product_variants pv WHERE pv.product_id = " + id + ")"
                + " AND EXISTS (SELECT 1 FROM product_stock s WHERE s.product_id = " + id + " AND s.available > 0)))";
    }

    private static final String FROM = " FROM products p JOIN vendors v ON v.id = p.vendor_id"
            + " LEFT JOIN product_ratings r ON r.product_id = p.id";

    static final String SELECT = COLUMNS + FROM;

    /**
     * How complete a product is, 0 to 100, to put the review queue in order: up to 40 for a
     * description (full at 300 characters), 10 per image up to 30, 15 for a category, 15 for a barcode.
     */
    static final String QUALITY_SCORE = """
            (least(length(p.description), 300) * 40 / 300
                + least((SELECT count(*) FROM product_images qi WHERE qi.product_id = p.id), 3) * 10
                + CASE WHEN EXISTS (SELECT 1 FROM product_categories qc WHERE qc.product_id = p.id) THEN 15 ELSE 0 END
                + CASE WHEN p.barcode IS NOT NULL THEN 15 ELSE 0 END)::int""";

    private static final String PENDING = " WHERE p.moderation = 'pending_review' AND p.status <> 'archived'";

    private static final TypeReference<List<Product.Variant>> VARIANTS = new TypeReference<>() { };
    private static final TypeReference<List<Product.Image>> IMAGES = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };
    private static final TypeReference<TreeMap<String, String>> NAMES = new TypeReference<>() { };
    private static final TypeReference<List<CsvVariants.Exported>> EXPORTED_VARIANTS = new TypeReference<>() { };

    private final DatabaseClient db;
    private final JsonMapper json;

    ProductRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Product> findById(UUID id) {
        return db.sql(SELECT + " WHERE p.id = :id").bind("id", id).map(this::map).one();
    }

    Mono<Product> findBySku(String sku) {
        return db.sql(SELECT + " WHERE p.sku = CAST(:sku AS citext)").bind("sku", sku).map(this::map).one();
    }

    Mono<Product> findBySlug(String slug) {
        return db.sql(SELECT + " WHERE p.slug = :slug").bind("slug", slug).map(this::map).one();
    }

    /** @param key a GTIN in its 14-digit form ({@link Gtin#key}), which the unique index is on */
    Mono<Product> findByBarcode(String key) {
        return db.sql(SELECT + " WHERE (lpad(p.barcode, 14, '0') = :key AND p.barcode IS NOT NULL) OR p.id = (SELECT pv.product_id"
                + " FROM product_variants pv WHERE lpad(pv.barcode, 14, '0') = :key AND pv.barcode IS NOT NULL)").bind("key", key)
            .map(this::map).one();
    }

    /** The product a variant belongs to, if the variant exists. */
    Mono<UUID> productOfVariant(UUID variantId) {
        return db.sql("SELECT product_id FROM product_variants WHERE id = :id").bind("id", variantId)
            .map(r -> r.get("product_id", UUID.class)).one();
    }

    /** Which of these GTIN-14 keys products already carry. */
    Flux<String> barcodesTaken(List<String> keys) {
        return db.sql("SELECT lpad(barcode, 14, '0') AS k FROM products WHERE lpad(barcode, 14, '0') = ANY(:keys) AND barcode IS NOT NULL"
                + " UNION SELECT lpad(barcode, 14, '0') FROM product_variants WHERE lpad(barcode, 14, '0') = ANY(:keys) AND barcode IS NOT NULL")
            .bind("keys", keys.toArray(String[]::new)).map(r -> r.get("k", String.class)).all();
    }

    /**
     * Until the transaction ends, no other product change can choose a slug for the same base: two
     * products named alike at once take turns, and the second sees the first's slug.
     */
    Mono<Void> lockSlug(String base) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").bind("key", "agora:product-slug:" + base).then();
    }

    Mono<Boolean> slugTaken(String slug, UUID except) {
        return db.sql("SELECT 1 FROM products WHERE slug = :slug AND id <> :id").bind("slug", slug).bind("id", except)
            .map(r -> true).one().hasElement();
    }

    Mono<Void> insert(Product p) {
        return db.sql("""
                INSERT INTO products (id, vendor_id, name, names, slug, description, sku, barcode, status, price, compare_at_price, currency,
                    tags, attributes, weight_grams, length_mm, width_mm, height_mm, seo_title, seo_description,
                    published_at, created_at, updated_at, moderation, submitted_at)
                VALUES (:id, :vendor, :name, CAST(:names AS jsonb), :slug, :description, :sku, :barcode, :status, :price, :compareAt, :currency, :tags,
                    CAST(:attributes AS jsonb), :weight, :length, :width, :height, :seoTitle, :seoDescription,
                    :publishedAt, :now, :now, :moderation, CASE WHEN :moderation = 'pending_review' THEN :now END)""")
            .bind("id", p.id()).bind("vendor", p.vendorId()).bind("moderation", p.moderation().value())
            .bindValues(columns(p))
            .bind("now", p.createdAt())
            .then()
            .then(replaceChildren(p));
    }

    /**
     * Writes the product if {@code version} is current, back into review when {@code sendBack};
     * emits the moderation state it had (read under the row's lock), or nothing when the version is stale.
     */
    Mono<Moderation> update(Product p, long version, boolean sendBack) {
        return db.sql("""
                WITH old AS (SELECT id, moderation FROM products WHERE id = :id AND version = :version FOR UPDATE)
                UPDATE products p SET name = :name, names = CAST(:names AS jsonb), slug = :slug, description = :description, sku = :sku, barcode = :barcode,
                    status = :status,
                    price = :price, compare_at_price = :compareAt, currency = :currency, tags = :tags,
                    attributes = CAST(:attributes AS jsonb), weight_grams = :weight, length_mm = :length, width_mm = :width,
                    height_mm = :height, seo_title = :seoTitle, seo_description = :seoDescription,
                    published_at = :publishedAt, updated_at = :now, version = p.version + 1,
                    moderation = CASE WHEN :sendBack THEN 'pending_review' ELSE p.moderation END,
                    moderation_reason = CASE WHEN :sendBack THEN NULL ELSE p.moderation_reason END,
                    submitted_at = CASE WHEN :sendBack AND p.moderation <> 'pending_review' THEN :now ELSE p.submitted_at END
                FROM old WHERE p.id = old.id AND p.version = :version
                RETURNING old.moderation AS was""")
            .bind("id", p.id()).bind("version", version).bind("sendBack", sendBack)
            .bindValues(columns(p))
            .bind("now", p.updatedAt())
            .map(r -> Moderation.of(r.get("was", String.class))).one()
            .flatMap(was -> replaceChildren(p).thenReturn(was));
    }

    /**
     * Records an admin's decision if the product is still at {@code version} (what the admin
     * reviewed) and not so decided already; emits whether it was. The version counts the vendor's
     * edits and stays: a decision does not make the vendor's open form stale.
     */
    Mono<Boolean> moderate(UUID id, long version, Moderation decision, String reason, UUID by, Instant now) {
        return db.sql("""
                UPDATE products SET moderation = :decision, moderation_reason = :reason, moderated_by = :by, moderated_at = :now
                WHERE id = :id AND version = :version AND moderation <> :decision AND status <> 'archived'""")
            .bind("id", id).bind("version", version).bind("decision", decision.value())
            .bind("reason", Parameter.fromOrEmpty(reason, String.class)).bind("by", by).bind("now", now)
            .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Products waiting for review, most complete first, then longest waiting. */
    Flux<ProductModeration.QueueItem> reviewQueue(long offset, int size) {
        return db.sql(COLUMNS + ", " + QUALITY_SCORE + " AS quality_score, p.submitted_at" + FROM + PENDING
                + " ORDER BY quality_score DESC, p.submitted_at, p.id LIMIT :limit OFFSET :offset")
            .bind("limit", size).bind("offset", offset)
            .map(r -> new ProductModeration.QueueItem(map(r).view(), r.get("quality_score", Integer.class),
                    r.get("submitted_at", Instant.class)))
            .all();
    }

    Mono<Long> reviewQueueSize() {
        return db.sql("SELECT count(*) AS n FROM products p" + PENDING).map(r -> r.get("n", Long.class)).one();
    }

    Mono<Void> archive(UUID id, Instant now) {
        return db.sql("UPDATE products SET status = 'archived', updated_at = :now, version = version + 1 WHERE id = :id")
            .bind("id", id).bind("now", now).then();
    }

    /** The uploads the product's images show (a change that drops one may leave it unreferenced). */
    Mono<List<String>> mediaOf(UUID id) {
        return db.sql("SELECT media_sha256 FROM product_images WHERE product_id = :id AND media_sha256 IS NOT NULL")
            .bind("id", id).map(row -> row.get("media_sha256", String.class)).all().collectList();
    }

    Mono<Void> delete(UUID id) {
        return db.sql("DELETE FROM products WHERE id = :id").bind("id", id).then();
    }

    Flux<Product> search(ProductQuery.Sql sql) {
        return bind(db.sql(SELECT + sql.where() + sql.orderBy() + " LIMIT :limit OFFSET :offset"), sql)
            .bind("limit", sql.limit()).bind("offset", sql.offset()).map(this::map).all();
    }

    /** The query's bindings on a statement built over its {@code WHERE}. */
    static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, ProductQuery.Sql sql) {
        for (var binding : sql.bindings().entrySet()) {
            spec = spec.bind(binding.getKey(), binding.getValue());
        }
        return spec;
    }

    /**
     * Up to {@code limit} products after {@code after} in id order (a keyset page: a large
     * catalogue is read page by page, never held whole), with the columns of a CSV export.
     *
     * @param vendor only this vendor's products, or everyone's when null
     * @param status only this status, or every product not archived when null
     */
    /** The languages of the regional names among the products an export with these filters writes, sorted. */
    Flux<String> exportLanguages(UUID vendor, ProductStatus status) {
        List<String> conditions = exportConditions(vendor, status);
        var spec = db.sql("SELECT DISTINCT jsonb_object_keys(p.names) AS tag FROM products p WHERE "
                + String.join(" AND ", conditions) + " ORDER BY tag");
        if (status != null) {
            spec = spec.bind("status", status.value());
        }
        if (vendor != null) {
            spec = spec.bind("vendor", vendor);
        }
        return spec.map(r -> r.get("tag", String.class)).all();
    }

    private static List<String> exportConditions(UUID vendor, ProductStatus status) {
        List<String> conditions = new ArrayList<>(List.of(status == null ? "p.status <> 'archived'" : "p.status = :status"));
        if (vendor != null) {
            conditions.add("p.vendor_id = :vendor");
        }
        return conditions;
    }

    Flux<CatalogueExport.Row> exportPage(UUID vendor, ProductStatus status, UUID after, int limit) {
        List<String> conditions = new ArrayList<>(exportConditions(vendor, status));
        conditions.add("p.id > :after");
        var spec = db.sql("""
                SELECT p.id, p.vendor_id, p.sku::text AS sku, p.name, p.names::text AS names, p.description, p.status, p.price,
                    p.compare_at_price, p.currency, p.tags, p.weight_grams, p.barcode,
                    ARRAY(SELECT c.slug FROM product_categories pc JOIN categories c ON c.id = pc.category_id
                        WHERE pc.product_id = p.id ORDER BY c.slug) AS category_slugs,
                    ARRAY(SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position) AS image_urls,
                    (SELECT coalesce(json_agg(json_build_object('sku', v.sku, 'price', v.price, 'barcode', v.barcode,
                        'options', v.options) ORDER BY v.position), '[]') FROM product_variants v WHERE v.product_id = p.id)::text
                        AS variants
                FROM products p WHERE\s""" + String.join(" AND ", conditions) + " ORDER BY p.id LIMIT :limit")
            .bind("after", after).bind("limit", limit);
        if (status != null) {
            spec = spec.bind("status", status.value());
        }
        if (vendor != null) {
            spec = spec.bind("vendor", vendor);
        }
        return spec.map(r -> new CatalogueExport.Row(r.get("id", UUID.class), r.get("vendor_id", UUID.class),
                r.get("sku", String.class), r.get("name", String.class), r.get("description", String.class),
                ProductStatus.of(r.get("status", String.class)), r.get("price", BigDecimal.class),
                r.get("compare_at_price", BigDecimal.class), r.get("currency", String.class).trim(),
                list(r.get("category_slugs", String[].class)), list(r.get("tags", String[].class)),
                list(r.get("image_urls", String[].class)), r.get("weight_grams", Integer.class), r.get("barcode", String.class),
                json.readValue(r.get("names", String.class), NAMES),
                json.readValue(r.get("variants", String.class), EXPORTED_VARIANTS)))
            .all();
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private Map<String, Object> columns(Product p) {
        Product.Dimensions d = p.dimensions();
        return Map.ofEntries(Map.entry("name", p.name()), Map.entry("names", json.writeValueAsString(p.names())),
                Map.entry("slug", p.slug()),
                Map.entry("description", p.description()), Map.entry("sku", p.sku()),
                Map.entry("barcode", Parameter.fromOrEmpty(p.barcode(), String.class)), Map.entry("status", p.status().value()),
                Map.entry("price", p.price()), Map.entry("compareAt", Parameter.fromOrEmpty(p.compareAtPrice(), BigDecimal.class)),
                Map.entry("currency", p.currency()), Map.entry("tags", p.tags().toArray(String[]::new)),
                Map.entry("attributes", json.writeValueAsString(p.attributes())),
                Map.entry("weight", Parameter.fromOrEmpty(p.weightGrams(), Integer.class)),
                Map.entry("length", Parameter.fromOrEmpty(d == null ? null : d.lengthMm(), Integer.class)),
                Map.entry("width", Parameter.fromOrEmpty(d == null ? null : d.widthMm(), Integer.class)),
                Map.entry("height", Parameter.fromOrEmpty(d == null ? null : d.heightMm(), Integer.class)),
                Map.entry("seoTitle", Parameter.fromOrEmpty(p.seoTitle(), String.class)),
                Map.entry("seoDescription", Parameter.fromOrEmpty(p.seoDescription(), String.class)),
                Map.entry("publishedAt", Parameter.fromOrEmpty(p.publishedAt(), Instant.class)));
    }

    private Mono<Void> replaceChildren(Product p) {
        Mono<Void> clear = db.sql("DELETE FROM product_categories WHERE product_id = :id").bind("id", p.id()).then()
            .then(db.sql("DELETE FROM product_images WHERE product_id = :id").bind("id", p.id()).then());
        Mono<Void> categories = Flux.fromIterable(p.categoryIds())
            .concatMap(c -> db.sql("INSERT INTO product_categories (product_id, category_id) VALUES (:p, :c)")
                .bind("p", p.id()).bind("c", c).then())
            .then();
        Mono<Void> images = Flux.fromIterable(p.images())
            // An upload's URL (…/<sha256>/original) refers to its blob again, wherever in the list it moved;
            // MediaLibrary.hold reads URLs the same way to lock those blobs first.
            .concatMap(i -> db.sql("""
                    INSERT INTO product_images (product_id, position, url, alt_text, media_sha256)
                    VALUES (:p, :pos, :url, :alt,
                        (SELECT b.sha256 FROM media_blobs b WHERE b.sha256 = substring(:url FROM '/([0-9a-f]{64})/original$')))""")
                .bind("p", p.id()).bind("pos", i.position()).bind("url", i.url()).bind("alt", i.altText()).then())
            .then();
        return clear.then(categories).then(images).then(replaceVariants(p));
    }

    /**
     * Keeps the variants the product names by id (their ids are what inventory-svc and orders know),
     * adds the new ones and removes the rest. The kept ones first give up their SKUs, barcodes and
     * options, so that a write may swap them between variants without tripping the unique indexes.
     */
    private Mono<Void> replaceVariants(Product p) {
        UUID[] kept = p.variants().stream().map(Product.Variant::id).toArray(UUID[]::new);
        Mono<Void> release = db.sql("""
                UPDATE product_variants SET sku = '~' || id::text, barcode = NULL, options = jsonb_build_object('~', id::text)
                WHERE product_id = :p AND id = ANY(:kept)""").bind("p", p.id()).bind("kept", kept).then();
        Mono<Long> remove = db.sql("DELETE FROM product_variants WHERE product_id = :p AND NOT (id = ANY(:kept))")
            .bind("p", p.id()).bind("kept", kept).fetch().rowsUpdated();
        List<Product.Variant> variants = p.variants();
        Mono<Void> write = Flux.range(0, variants.size())
            .concatMap(i -> {
                Product.Variant v = variants.get(i);
                return db.sql("""
                        INSERT INTO product_variants (id, product_id, position, sku, barcode, price, options)
                        VALUES (:id, :p, :pos, :sku, :barcode, :price, CAST(:options AS jsonb))
                        ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, sku = EXCLUDED.sku, barcode = EXCLUDED.barcode,
                            price = EXCLUDED.price, options = EXCLUDED.options
                        WHERE product_variants.product_id = EXCLUDED.product_id""")
                    .bind("id", v.id()).bind("p", p.id()).bind("pos", i).bind("sku", v.sku())
                    .bind("barcode", Parameter.fromOrEmpty(v.barcode(), String.class)).bind("price", v.price())
                    .bind("options", json.writeValueAsString(v.options())).then();
            })
            .then();
        // The product's search vector holds its variants' option values: recomputed by its trigger
        // when there are any, or were.
        Mono<Void> reindex = db.sql("UPDATE products SET search = search WHERE id = :p").bind("p", p.id()).then();
        return release.then(remove).flatMap(removed -> write.then(variants.isEmpty() && removed == 0 ? Mono.empty() : reindex));
    }

    private Product map(Readable r) {
        String[] tags = r.get("tags", String[].class);
        UUID[] categories = r.get("category_ids", UUID[].class);
        Integer length = r.get("length_mm", Integer.class);
        Integer width = r.get("width_mm", Integer.class);
        Integer height = r.get("height_mm", Integer.class);
        return new Product(r.get("id", UUID.class), r.get("vendor_id", UUID.class), r.get("name", String.class),
                json.readValue(r.get("names", String.class), NAMES), r.get("slug", String.class), r.get("description", String.class), r.get("sku", String.class),
                r.get("barcode", String.class), ProductStatus.of(r.get("status", String.class)),
                Moderation.of(r.get("moderation", String.class)), r.get("moderation_reason", String.class),
                r.get("price", BigDecimal.class), r.get("compare_at_price", BigDecimal.class),
                r.get("currency", String.class).trim(), tags == null ? List.of() : List.of(tags),
                json.readValue(r.get("attributes", String.class), ATTRIBUTES), r.get("weight_grams", Integer.class),
                length == null && width == null && height == null ? null : new Product.Dimensions(length, width, height),
                r.get("seo_title", String.class), r.get("seo_description", String.class),
                categories == null ? List.of() : List.of(categories), json.readValue(r.get("images", String.class), IMAGES),
                r.get("published_at", Instant.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class),
                r.get("version", Long.class), Boolean.TRUE.equals(r.get("vendor_public", Boolean.class)),
                Boolean.TRUE.equals(r.get("in_stock", Boolean.class)),
                new Product.Rating(r.get("rating_average", BigDecimal.class), r.get("rating_count", Integer.class)),
                json.readValue(r.get("variants", String.class), VARIANTS));
    }
}
