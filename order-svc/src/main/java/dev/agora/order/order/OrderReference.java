package dev.agora.order.order;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * Human references of orders, {@code AG-XXXX-XXXX}: 40 random bits in Crockford's base32, which has
 * no I, L, O or U, so a reference read out over the phone or typed from an email is unambiguous.
 * Uniqueness is the database's constraint; a collision (about one in a million after a million
 * orders) is answered by drawing again.
 */
public final class OrderReference {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("AG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OrderReference() {
    }

    public static String next() {
        long bits = RANDOM.nextLong() & 0xFF_FFFF_FFFFL;
        StringBuilder text = new StringBuilder("AG-");
        for (int i = 7; i >= 0; i--) {
            text.append(ALPHABET[(int) (bits >>> (i * 5)) & 31]);
            if (i == 4) {
                text.append('-');
            }
        }
        return text.toString();
    }

    /** The reference as a client typed it, upper-cased; a 400 naming {@code field} if it cannot be one. */
    public static String parse(String text, String field) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.length() > 12 || !FORMAT.matcher(upper).matches()) {
            throw AgoraException.badRequest("An order reference looks like AG-7KQ2-M4XD.")
                .withErrors(List.of(new Problems.FieldError(field, "must be an order reference such as AG-7KQ2-M4XD")));
        }
        return upper;
    }
}
