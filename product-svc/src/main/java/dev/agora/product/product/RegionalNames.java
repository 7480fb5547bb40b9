package dev.agora.product.product;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.agora.defaults.web.Problems;

/**
 * Products' localized names: which one a caller gets, and which tags a vendor may use.
 */
@Component
class RegionalNames {

    static final int MAX = 20;

    private final String catalogLanguage;

    RegionalNames(CatalogProperties properties) {
        this.catalogLanguage = properties.language();
    }

    /** Problems with a request's names' keys (the values are checked by their annotations). */
    static List<Problems.FieldError> errors(Map<String, String> names) {
        List<Problems.FieldError> errors = new ArrayList<>();
        if (names == null) {
            return errors;
        }
        for (String tag : names.keySet()) {
            if (!canonical(tag)) {
                errors.add(new Problems.FieldError("names[" + tag + "]", "must be a language tag such as hi-IN or ta"));
            }
        }
        return errors;
    }

    private static boolean canonical(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            return !locale.getLanguage().isEmpty() && locale.toLanguageTag().equals(tag);
        }
        catch (IllformedLocaleException ex) {
            return false;
        }
    }

    /**
     * The ranges the caller asked for. A header that cannot be parsed asks for nothing: the catalogue's
     * name is a better answer than an error for a product page.
     */
    List<Locale.LanguageRange> requested(ServerWebExchange exchange) {
        try {
            return exchange.getRequest().getHeaders().getAcceptLanguage();
        }
        catch (IllegalArgumentException unparseable) {
            return List.of();
        }
    }

    /**
     * The view with the name in the caller's most preferred language it has, and that language's
     * tag. Ranges are tried in the caller's order; each matches a tag it is a prefix of ("ta" finds
     * "ta-IN", RFC 4647 filtering) or, failing that, a tag it truncates to ("en-US" finds the
     * catalogue's "en", RFC 4647 lookup), so a shopper who prefers English is not handed Hindi.
     */
    Localized localize(Product.View view, List<Locale.LanguageRange> ranges) {
        Map<String, String> names = view.names();
        if (names == null || names.isEmpty()) {
            return new Localized(view, catalogLanguage);
        }
        List<String> tags = new ArrayList<>(names.keySet());
        tags.add(catalogLanguage);
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            if (range.getRange().equals("*")) {
                return new Localized(view, catalogLanguage);
            }
            List<String> filtered = Locale.filterTags(List.of(range), tags);
            String match = filtered.isEmpty() ? Locale.lookupTag(List.of(range), tags) : filtered.getFirst();
            if (match != null) {
                // The Locale methods answer in lowercase; give back the tag as the names spell it.
                return names.keySet().stream().filter(k -> k.equalsIgnoreCase(match)).findFirst()
                    .map(key -> new Localized(view.withName(names.get(key)), key))
                    .orElseGet(() -> new Localized(view, catalogLanguage));
            }
        }
        return new Localized(view, catalogLanguage);
    }

    /** Sets the headers of a response whose body depends on Accept-Language. */
    static void varyByLanguage(ServerWebExchange exchange, String contentLanguage) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (!headers.getVary().contains(HttpHeaders.ACCEPT_LANGUAGE)) {
            headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        }
        if (contentLanguage != null) {
            headers.set(HttpHeaders.CONTENT_LANGUAGE, contentLanguage);
        }
    }

    /** A view in one language. */
    record Localized(Product.View view, String language) {
    }
}
