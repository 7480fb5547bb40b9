package dev.agora.analytics.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client property keys as MongoDB field names. Dotted keys such as {@code utm.source} are common in
 * storefront analytics, but MongoDB reads a dot as a path and a leading {@code $} as an operator;
 * both are stored as their full-width look-alikes (U+FF0E, U+FF04), the escaping MongoDB's own
 * documentation suggests, at any depth.
 */
public final class FieldNames {

    private FieldNames() {
    }

    public static Map<String, Object> escape(Map<String, ?> properties) {
        Map<String, Object> escaped = new LinkedHashMap<>();
        properties.forEach((key, value) -> escaped.put(escapeKey(key), escapeValue(value)));
        return escaped;
    }

    static String escapeKey(String key) {
        String dotless = key.replace('.', '\uFF0E');
        return dotless.startsWith("$") ? '\uFF04' + dotless.substring(1) : dotless;
    }

    @SuppressWarnings("unchecked")
    private static Object escapeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return escape((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FieldNames::escapeValue).toList();
        }
        return value;
    }
}
