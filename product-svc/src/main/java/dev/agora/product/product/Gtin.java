package dev.agora.product.product;

import java.util.regex.Pattern;

/**
 * GS1 trade item numbers (GTIN-8, -12, -13 and -14) as products carry them. One item has one
 * number however long it is written: a UPC-A is the EAN-13 with a leading zero, and both are the
 * GTIN-14 padded with zeros, so uniqueness and lookups use that padded {@link #key}.
 */
final class Gtin {

    static final String FORMAT = "must be a GTIN of 8, 12, 13 or 14 digits";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{8}|[0-9]{12,14}");

    private Gtin() {
    }

    /** Why {@code value} is not a GTIN, or null when it is one. */
    static String problem(String value) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            return FORMAT;
        }
        int expected = checkDigit(value);
        return value.charAt(value.length() - 1) - '0' == expected ? null
                : "has a wrong check digit (the last digit should be " + expected + ")";
    }

    /** The GTIN-14 form of a valid GTIN. */
    static String key(String gtin) {
        return "0".repeat(14 - gtin.length()) + gtin;
    }

    /** GS1's mod-10 check digit: weights 3 and 1 alternate from the digit left of the check digit. */
    private static int checkDigit(String gtin) {
        int sum = 0;
        for (int i = gtin.length() - 2, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (gtin.charAt(i) - '0') * weight;
        }
        return (10 - sum % 10) % 10;
    }
}
