package dev.agora.product.product;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;

/**
 * A catalogue as CSV in the import's columns, so an export imports back to the same products.
 * Cells a spreadsheet would evaluate are escaped ({@link SpreadsheetCells}). The file starts with a
 * byte order mark, so spreadsheets read it as UTF-8, and is streamed a page of
 * {@value #PAGE} products at a time. Regional names follow the fixed columns, one column per
 * language the exported products have ({@code name:hi-IN}), as the import reads them.
 */
@Component
class CatalogueExport {

    static final int PAGE = 500;
    static final List<String> COLUMNS = List.of("sku", "name", "price", "currency", "categories", "description", "status",
            "compare_at_price", "tags", "images", "weight_grams", "vendor_id", "barcode", "variants");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private static final UUID FIRST = new UUID(0, 0);

    private final ProductRepository products;

    CatalogueExport(ProductRepository products) {
        this.products = products;
    }

    /** A product's exported columns. */
    record Row(UUID id, UUID vendorId, String sku, String name, String description, ProductStatus status, BigDecimal price,
            BigDecimal compareAtPrice, String currency, List<String> categorySlugs, List<String> tags, List<String> imageUrls,
            Integer weightGrams, String barcode, Map<String, String> names, List<CsvVariants.Exported> variants) {

        /** The fixed columns, then the regional name in each of {@code languages} ("" where it has none). */
        List<String> cells(List<String> languages) {
            List<String> cells = new ArrayList<>(List.of(sku, name, Money.of(price, currency).amount(), currency,
                    String.join("|", categorySlugs), description == null ? "" : description, status.value(),
                    compareAtPrice == null ? "" : Money.of(compareAtPrice, currency).amount(), String.join("|", tags),
                    String.join("|", imageUrls), weightGrams == null ? "" : weightGrams.toString(), vendorId.toString(),
                    barcode == null ? "" : barcode, CsvVariants.format(variants, currency)));
            languages.forEach(language -> cells.add(names.getOrDefault(language, "")));
            return cells;
        }
    }

    /**
     * The file's text in chunks: the header with the first page, then one chunk per page. The first
     * page is read before anything is emitted, so a failing query is still an error response, not a
     * download cut short.
     *
     * @param vendor one vendor's products, or everyone's when null
     * @param status one status, or every product not archived when null
     */
    Mono<Flux<String>> csv(UUID vendor, ProductStatus status) {
        // The header needs every language before the first row; one query finds them.
        return products.exportLanguages(vendor, status).collectList().flatMap(languages -> page(vendor, status, FIRST)
            .map(first -> {
                List<String> header = new ArrayList<>(COLUMNS);
                languages.forEach(language -> header.add(CsvProductRow.NAME_PREFIX + language));
                Flux<String> rest = Mono.just(first)
                    .expand(page -> page.size() < PAGE ? Mono.empty() : page(vendor, status, page.getLast().id()))
                    .skip(1)
                    .filter(page -> !page.isEmpty())
                    .map(page -> text(null, page, languages));
                return Flux.concat(Mono.just("\uFEFF" + text(header, first, languages)), rest);
            }));
    }

    private Mono<List<Row>> page(UUID vendor, ProductStatus status, UUID after) {
        return products.exportPage(vendor, status, after, PAGE).collectList();
    }

    /** CSV lines: the header when given, then the rows. */
    private static String text(List<String> header, List<Row> rows, List<String> languages) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            if (header != null) {
                printer.printRecord(header);
            }
            for (Row row : rows) {
                printer.printRecord(row.cells(languages).stream().map(SpreadsheetCells::escape).toList());
            }
        }
        catch (IOException ex) {
            // A StringBuilder does not fail to append.
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }
}
