package dev.agora.product.product;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVRecord;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.web.TextInput;

/**
 * One CSV row of a bulk import. Columns (header row required, names case-insensitive):
 * {@code sku, name, price, currency, categories} (required), and {@code description, status,
 * compare_at_price, tags, images, weight_grams, vendor_id, barcode, variants} ({@link CsvVariants}), and a regional name per language
 * as {@code name:<language tag>} ({@code name:hi-IN}; an empty cell means none). Lists
 * ({@code categories} as slugs, {@code tags}, {@code images} as URLs) are separated by {@code |}. A
 * cell the catalogue export escaped for spreadsheets ({@code '=...}) reads as the value it escaped.
 */
record CsvProductRow(long row, Map<String, String> values, int fields, int headerFields) {

    static final Set<String> REQUIRED = Set.of("sku", "name", "price", "currency", "categories");
    static final Set<String> KNOWN = Set.of("sku", "name", "price", "currency", "categories", "description", "status",
            "compare_at_price", "tags", "images", "weight_grams", "vendor_id", "barcode", "variants");

    /** The start of a regional name's column: {@code name:hi-IN}. */
    static final String NAME_PREFIX = "name:";

    /** Whether a header (lower-cased) is a column the import reads. */
    static boolean known(String header) {
        return KNOWN.contains(header) || header.startsWith(NAME_PREFIX) && header.length() > NAME_PREFIX.length();
    }

    /**
     * The language tag of a regional name's column as BCP 47 writes it, since headers are read
     * lower-cased ({@code name:hi-in} is hi-IN); as given when it is not a tag, for the validation to refuse.
     */
    static String languageOf(String header) {
        String tag = header.substring(NAME_PREFIX.length()).trim();
        try {
            String canonical = new Locale.Builder().setLanguageTag(tag).build().toLanguageTag();
            return canonical.isEmpty() || "und".equals(canonical) ? tag : canonical;
        }
        catch (IllformedLocaleException ex) {
            return tag;
        }
    }

    static CsvProductRow of(CSVRecord record) {
        LinkedHashMap<String, String> values = new LinkedHashMap<>();
        record.toMap().forEach((k, v) -> values.put(k.trim().toLowerCase(Locale.ROOT),
                v == null ? "" : SpreadsheetCells.unescape(v.trim())));
        // Row 1 is the header, so a record's number is its row in a spreadsheet.
        return new CsvProductRow(record.getRecordNumber() + 1, values, record.size(),
                record.getParser().getHeaderNames().size());
    }

    /**
     * Why the row cannot be read as the header says, or null: a row with more fields than the header
     * (typically an unquoted comma in a description) would otherwise be imported with the extra
     * fields silently dropped.
     */
    ImportJobs.RowError shapeError() {
        if (fields != headerFields) {
            return new ImportJobs.RowError(row, "row", "has " + fields + " fields but the header has " + headerFields
                    + (fields > headerFields ? "; quote values that contain a comma" : ""));
        }
        for (Map.Entry<String, String> cell : values.entrySet()) {
            if (TextInput.hasControlCharacter(cell.getValue())) {
                return new ImportJobs.RowError(row, cell.getKey(), "must not contain control characters");
            }
        }
        return null;
    }

    String get(String column) {
        return values.getOrDefault(column, "");
    }

    String sku() {
        return get("sku");
    }

    List<String> list(String column) {
        String value = get(column);
        return value.isEmpty() ? List.of() : Arrays.stream(value.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The API request this row stands for, given its categories' ids; {@link CsvVariants.Unreadable} for a variants cell it cannot read. */
    ProductRequest request(List<UUID> categoryIds, UUID vendorId) {
        List<Product.Image> images = new ArrayList<>();
        for (String url : list("images")) {
            images.add(new Product.Image(url, get("name"), images.size()));
        }
        String compareAt = get("compare_at_price");
        String weight = get("weight_grams");
        return new ProductRequest(get("name"), names(), get("description"), sku(), get("barcode"), vendorId, categoryIds,
                get("status").isEmpty() ? "draft" : get("status"), new Money(get("price"), get("currency")),
                compareAt.isEmpty() ? null : new Money(compareAt, get("currency")), images, list("tags"), Map.of(),
                weight.isEmpty() ? null : parseWeight(weight), null, null, null, CsvVariants.parse(get("variants"), get("currency")),
                null);
    }

    private Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        values.forEach((column, value) -> {
            if (column.startsWith(NAME_PREFIX) && !value.isEmpty()) {
                names.put(languageOf(column), value);
            }
        });
        return names;
    }

    private static Integer parseWeight(String value) {
        try {
            return Integer.valueOf(value);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }
}
