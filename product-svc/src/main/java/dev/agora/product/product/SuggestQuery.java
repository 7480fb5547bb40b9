package dev.agora.product.product;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agora.defaults.Digests;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * The validated parameters of {@code GET /api/v1/products/suggest}, and the SQL they make: public
 * products whose name, or a regional name, starts with what was typed or has a word that does; failing
 * that, one the search would find despite a typo. Names that start with it come first.
 */
record SuggestQuery(String q, int limit) {

    static final int DEFAULT_LIMIT = 8;
    static final int MAX_LIMIT = 10;
    static final int MAX_LENGTH = 100;

    static SuggestQuery of(String q, Integer limit) {
        List<Problems.FieldError> errors = new ArrayList<>();
        String typed = q == null ? "" : q.strip().replaceAll("\\s+", " ");
        if (typed.isEmpty()) {
            errors.add(new Problems.FieldError("q", "is required: the start of a product name"));
        }
        else if (typed.length() > MAX_LENGTH) {
            errors.add(new Problems.FieldError("q", "may be at most " + MAX_LENGTH + " characters"));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            errors.add(new Problems.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("The suggestion query has invalid parameters.").withErrors(errors);
        }
        return new SuggestQuery(typed, limit == null ? DEFAULT_LIMIT : limit);
    }

    /** Identifies the suggestions in the cache; what was typed is compared without case. */
    String cacheKey() {
        return HexFormat.of().formatHex(Digests.sha256(q.toLowerCase() + "\n" + limit), 0, 16);
    }

    ProductQuery.Sql sql() {
        Map<String, Object> bind = new LinkedHashMap<>();
        String literal = escapeLike(q);
        bind.put("prefix", literal + "%");
        bind.put("wordPrefix", "% " + literal + "%");
        String typo = ProductQuery.typoMatch(q, bind);
        String where = " WHERE p.status = 'active' AND p.moderation = 'approved' AND v.active AND v.verification_status = 'verified'"
                + " AND (p.name ILIKE :prefix OR p.name ILIKE :wordPrefix"
                + " OR EXISTS (SELECT 1 FROM jsonb_each_text(p.names) n WHERE n.value ILIKE :prefix OR n.value ILIKE :wordPrefix)"
                + " OR " + typo + ")";
        String orderBy = " ORDER BY (p.name ILIKE :prefix) DESC, word_similarity(:q, p.name) DESC, lower(p.name), p.id";
        return new ProductQuery.Sql(where, orderBy, bind, limit, 0);
    }

    /** What was typed, matched literally: {@code 50%} is not a wildcard. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
