package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.agora.defaults.money.Money;

/**
 * A product's variants in one CSV cell, as the catalogue export writes them and the import reads
 * them: variants separated by {@code |}, each {@code sku;price;options;barcode} with the options as
 * {@code name=value,name=value} and the barcode optional, e.g.
 * {@code SHIRT-M;25.00;size=M,colour=red;4006381333931|SHIRT-L;27.50;size=L,colour=red}. A backslash
 * takes the next character as it is, so an option value may hold any of {@code | ; , = \}.
 */
final class CsvVariants {

    /** The cell could not be read as variants; the message says where. */
    static final class Unreadable extends RuntimeException {

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static final String SPECIAL = "|;,=\\";

    private CsvVariants() {
    }

    /** The variants a cell lists (none for an empty cell), as new variants of a product priced in {@code currency}. */
    static List<ProductRequest.VariantRequest> parse(String cell, String currency) {
        List<ProductRequest.VariantRequest> variants = new ArrayList<>();
        if (cell.isBlank()) {
            return variants;
        }
        List<String> entries = split(cell, '|');
        for (int i = 0; i < entries.size(); i++) {
            String where = "variant " + (i + 1);
            List<String> fields = split(entries.get(i), ';');
            if (fields.size() < 3 || fields.size() > 4) {
                throw new Unreadable(where + " must be sku;price;options or sku;price;options;barcode");
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (String option : split(fields.get(2), ',')) {
                List<String> pair = split(option, '=');
                if (pair.size() != 2 || unescape(pair.get(0)).isBlank()) {
                    throw new Unreadable(where + " must write each option as name=value");
                }
                if (options.put(unescape(pair.get(0)).strip(), unescape(pair.get(1)).strip()) != null) {
                    throw new Unreadable(where + " names the option " + unescape(pair.get(0)).strip() + " twice");
                }
            }
            String barcode = fields.size() == 4 ? unescape(fields.get(3)).strip() : "";
            variants.add(new ProductRequest.VariantRequest(null, unescape(fields.get(0)).strip(), barcode.isEmpty() ? null : barcode,
                    new Money(unescape(fields.get(1)).strip(), currency), options));
        }
        return variants;
    }

    /** The cell for a product's variants, in their order; "" for a product sold as itself. */
    static String format(List<Exported> variants, String currency) {
        List<String> entries = new ArrayList<>();
        for (Exported variant : variants) {
            List<String> options = new ArrayList<>();
            new TreeMap<>(variant.options()).forEach((name, value) -> options.add(escape(name) + "=" + escape(value)));
            String entry = escape(variant.sku()) + ";" + Money.of(variant.price(), currency).amount() + ";" + String.join(",", options);
            entries.add(variant.barcode() == null ? entry : entry + ";" + escape(variant.barcode()));
        }
        return String.join("|", entries);
    }

    /** A variant as the export reads it. */
    record Exported(String sku, BigDecimal price, String barcode, Map<String, String> options) {
    }

    /** Splits on {@code separator} where it is not escaped; the parts keep their escapes for the next level. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
            }
            else if (c == separator) {
                parts.add(part.toString());
                part.setLength(0);
            }
            else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\\' && i + 1 < text.length() ? text.charAt(++i) : c);
        }
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
