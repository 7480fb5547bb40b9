package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.agora.defaults.Digests;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.defaults.web.Problems;

/**
 * The validated parameters of {@code GET /api/v1/products}, and the SQL they make. Only filters
 * that are present reach the query, so the planner sees a plain predicate for each.
 */
record ProductQuery(String q, List<UUID> categoryIds, UUID vendorId, BigDecimal minPrice, BigDecimal maxPrice,
        List<String> tags, Boolean inStock, String sort, String status, PageQuery page) {

    static final Set<String> SORTS = Set.of("relevance", "price_asc", "price_desc", "newest", "name", "rating", "popular");
    /**
     * How alike a query word and a product name must be to count as a typo match: pg_trgm's
     * {@code word_similarity_threshold}, which every connection sets ({@link TypoThreshold}).
     */
    static final double TYPO_SIMILARITY = 0.45;

    /** The statement parts and bindings for one query. */
    record Sql(String where, String orderBy, Map<String, Object> bindings, int limit, long offset) {
    }

    static ProductQuery of(String q, List<UUID> categoryIds, UUID vendorId, String minPrice, String maxPrice,
            List<String> tags, Boolean inStock, String sort, String status, Integer page, Integer size) {
        List<Problems.FieldError> errors = new ArrayList<>();
        BigDecimal min = price("minPrice", minPrice, errors);
        BigDecimal max = price("maxPrice", maxPrice, errors);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(new Problems.FieldError("minPrice", "must not exceed maxPrice"));
        }
        String query = q == null ? "" : q.trim();
        if (query.length() > 200) {
            errors.add(new Problems.FieldError("q", "may be at most 200 characters"));
        }
        String order = sort == null ? (query.isEmpty() ? "newest" : "relevance") : sort;
        if (!SORTS.contains(order)) {
            errors.add(new Problems.FieldError("sort", "must be one of relevance, price_asc, price_desc, newest, name, rating, popular"));
        }
        if (status != null && ProductStatus.named(status).isEmpty()) {
            errors.add(new Problems.FieldError("status", "must be draft, active or archived"));
        }
        List<String> tagList = tags == null ? List.of() : tags.stream().map(t -> t.trim().toLowerCase()).toList();
        if (tagList.size() > 10 || tagList.stream().anyMatch(t -> t.isEmpty() || t.length() > 40)) {
            errors.add(new Problems.FieldError("tag", "at most 10 tags of 1 to 40 characters"));
        }
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("The query has invalid parameters.").withErrors(errors);
        }
        return new ProductQuery(query, categoryIds, vendorId, min, max, tagList, inStock, order, status, PageQuery.of(page, size));
    }

    private static BigDecimal price(String field, String value, List<Problems.FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,15}(\\.\\d{1,4})?")) {
            errors.add(new Problems.FieldError(field, "must be a non-negative decimal such as 19.99"));
            return null;
        }
        return new BigDecimal(value);
    }

    /** Identifies a public query's result page in the cache. */
    String cacheKey() {
        return HexFormat.of().formatHex(Digests.sha256(toString()), 0, 16);
    }

    /** Most spellings tried for one query: a long query is rarely a two-letter slip. */
    static final int MAX_SWAPS = 32;

    /**
     * The query with one adjacent pair of letters swapped, for each such pair of each word of three
     * to twenty letters: {@code chiar} gives {@code ihcar}, {@code cihar}, {@code chair}, {@code chira}.
     */
    static List<String> swappedLetters(String query) {
        List<String> variants = new ArrayList<>();
        java.util.regex.Matcher words = java.util.regex.Pattern.compile("\\p{L}{3,20}").matcher(query);
        while (words.find() && variants.size() < MAX_SWAPS) {
            for (int i = words.start(); i < words.end() - 1 && variants.size() < MAX_SWAPS; i++) {
                if (query.charAt(i) != query.charAt(i + 1)) {
                    char[] chars = query.toCharArray();
                    chars[i] = query.charAt(i + 1);
                    chars[i + 1] = query.charAt(i);
                    variants.add(new String(chars));
                }
            }
        }
        return variants;
    }

    /**
     * Whether the name is within a typo of what was typed: {@code p.name %> :q} (word similarity at
     * least {@link #TYPO_SIMILARITY}), or of it with two adjacent letters swapped back, since trigrams
     * forgive a missing or extra letter but not a swap ({@code chiar} shares one trigram with
     * {@code chair}). Operators, not {@code word_similarity(...) >=} calls, so that the name's trigram
     * index can answer each; binds {@code :q} and the swaps.
     */
    static String typoMatch(String q, Map<String, Object> bind) {
        bind.put("q", q);
        StringBuilder match = new StringBuilder("p.name %> :q");
        List<String> swaps = swappedLetters(q);
        for (int i = 0; i < swaps.size(); i++) {
            bind.put("swap" + i, swaps.get(i));
            match.append(" OR p.name %> :swap").append(i);
        }
        return match.toString();
    }

    /** The SQL for this query as seen by {@code caller} (null when anonymous). */
    Sql sql(AgoraPrincipal caller) {
        List<String> where = new ArrayList<>();
        Map<String, Object> bind = new LinkedHashMap<>();
        if (status == null) {
            where.add("p.status = 'active' AND p.moderation = 'approved' AND v.active AND v.verification_status = 'verified'");
        }
        else if (caller != null && caller.isAdmin()) {
            where.add("p.status = :status");
            bind.put("status", status);
        }
        else if (caller != null && caller.hasRole(AgoraPrincipal.VENDOR) && caller.vendorId() != null) {
            // A vendor filtering by status sees only its own products.
            where.add("p.status = :status AND p.vendor_id = :ownVendor");
            bind.put("status", status);
            bind.put("ownVendor", caller.vendorId());
        }
        else {
            throw AgoraException.forbidden("Only admins and vendors filter products by status.");
        }
        if (!q.isEmpty()) {
            where.add("(p.search @@ websearch_to_tsquery('english', :q) OR " + typoMatch(q, bind)
                    // A scanned barcode finds its product, in any of its spellings, and so does a variant's.
                    + (Gtin.problem(q) == null ? " OR (p.barcode IS NOT NULL AND lpad(p.barcode, 14, '0') = :gtin)"
                            + " OR EXISTS (SELECT 1 FROM product_variants pv WHERE pv.product_id = p.id AND pv.barcode IS NOT NULL"
                            + " AND lpad(pv.barcode, 14, '0') = :gtin)" : "")
                    + ")");
            if (Gtin.problem(q) == null) {
                bind.put("gtin", Gtin.key(q));
            }
        }
        if (categoryIds != null) {
            where.add("EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ANY(:categories))");
            bind.put("categories", categoryIds.toArray(UUID[]::new));
        }
        if (vendorId != null) {
            where.add("p.vendor_id = :vendor");
            bind.put("vendor", vendorId);
        }
        if (minPrice != null) {
            where.add("p.price >= :minPrice");
            bind.put("minPrice", minPrice);
        }
        if (maxPrice != null) {
            where.add("p.price <= :maxPrice");
            bind.put("maxPrice", maxPrice);
        }
        if (!tags.isEmpty()) {
            where.add("p.tags @> :tags");
            bind.put("tags", tags.toArray(String[]::new));
        }
        if (inStock != null) {
            // Availability as inventory-svc last announced it; a product never stocked is out of stock.
            where.add((inStock ? "" : "NOT ") + ProductRepository.inStock("p"));
        }
        String orderBy = switch (sort) {
            case "relevance" -> q.isEmpty() ? " ORDER BY p.created_at DESC, p.id"
                    : " ORDER BY ts_rank_cd(p.search, websearch_to_tsquery('english', :q)) + word_similarity(:q, p.name) DESC, p.id";
            case "price_asc" -> " ORDER BY p.price ASC, p.id";
            case "price_desc" -> " ORDER BY p.price DESC, p.id";
            case "name" -> " ORDER BY lower(p.name), p.id";
            // Best rated first; among equal averages the more reviewed; unrated products last.
            case "rating" -> " ORDER BY r.average DESC NULLS LAST, r.review_count DESC NULLS LAST, p.id";
            // Most units sold in orders that stand (order-svc's events); never sold counts as none.
            case "popular" -> " ORDER BY coalesce((SELECT pp.units_sold FROM product_popularity pp WHERE pp.product_id = p.id), 0) DESC, p.id";
            default -> " ORDER BY p.created_at DESC, p.id";
        };
        return new Sql(" WHERE " + String.join(" AND ", where), orderBy, bind, page.size(), page.offset());
    }
}
