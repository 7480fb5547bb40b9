package dev.agora.product;

import java.text.Normalizer;
import java.util.Locale;

/**
 * URL slugs: lower-case ASCII words joined by hyphens ("Crème Brûlée Set" → "creme-brulee-set").
 */
public final class Slugs {

    private Slugs() {
    }

    public static String of(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "item" : slug;
    }

    /** The {@code n}-th alternative of a taken slug: base, base-2, base-3, ... */
    public static String candidate(String base, int n) {
        return n <= 1 ? base : base + "-" + n;
    }
}
