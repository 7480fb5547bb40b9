package dev.agora.product.product;

/**
 * Keeps spreadsheets from evaluating catalogue text (CSV injection): a cell that starts with
 * {@code = + - @}, a tab or a carriage return is exported behind an apostrophe, which spreadsheets
 * read as "this is text" and do not show. The import removes that one apostrophe again, so an
 * export imports back to exactly the products it came from, and a {@code =HYPERLINK(...)} a vendor
 * once imported is never handed to the next spreadsheet raw.
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    static String escape(String value) {
        return evaluable(value) ? "'" + value : value;
    }

    static String unescape(String value) {
        return value.startsWith("'") && evaluable(value) ? value.substring(1) : value;
    }

    /**
     * Whether the text after any leading apostrophes starts a formula. Apostrophes count so that a
     * value which itself starts with {@code '=} survives the round trip.
     */
    private static boolean evaluable(String value) {
        int start = 0;
        while (start < value.length() && value.charAt(start) == '\'') {
            start++;
        }
        if (start == value.length()) {
            return false;
        }
        return switch (value.charAt(start)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }
}
