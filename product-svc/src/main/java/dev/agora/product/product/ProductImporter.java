package dev.agora.product.product;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.product.cache.CatalogCache;

/**
 * Runs bulk imports. The upload is on disk; rows are parsed one at a time on a worker thread and
 * written in chunks of {@value #CHUNK}, one transaction each, so neither the file nor the job is
 * ever held in memory (only the SKUs seen, to find duplicates within the file). Progress is
 * committed after every chunk.
 */
@Component
class ProductImporter {

    static final int CHUNK = 200;
    private static final String CATEGORY_KEY = "product_categories_category_id_fkey";
    private static final Logger log = LoggerFactory.getLogger(ProductImporter.class);
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get();

    private final ImportJobs jobs;
    private final ProductWriter writer;
    private final ProductRepository products;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Validator validator;
    private final CatalogCache cache;
    private final Clock clock;

    ProductImporter(ImportJobs jobs, ProductWriter writer, ProductRepository products, DatabaseClient db,
            TransactionalOperator tx, Validator validator, CatalogCache cache, Clock clock) {
        this.jobs = jobs;
        this.writer = writer;
        this.products = products;
        this.db = db;
        this.tx = tx;
        this.validator = validator;
        this.cache = cache;
        this.clock = clock;
    }

    /** Who runs an import, and for which vendor rows default to. */
    record Scope(UUID jobId, boolean admin, UUID vendorId) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void failInterruptedJobs() {
        jobs.failInterrupted(clock.instant())
            .subscribe(n -> {
                if (n > 0) {
                    log.warn("Marked {} import(s) interrupted by the last shutdown as failed", n);
                }
            });
    }

    /**
     * Reads the whole file once before a job exists: refuses (400) one without the required columns
     * or one that is not CSV at some line, and answers how many rows it has, so the job's progress
     * has a denominator from its first poll. Streams: only the count is kept.
     */
    static Mono<Long> inspect(Path file) {
        return Mono.fromCallable(() -> {
            try (Reader reader = open(file);
                 CSVParser parser = FORMAT.parse(reader)) {
                Set<String> header = new HashSet<>();
                parser.getHeaderNames().forEach(h -> header.add(h.trim().toLowerCase(Locale.ROOT)));
                List<Problems.FieldError> errors = new ArrayList<>();
                for (String required : CsvProductRow.REQUIRED) {
                    if (!header.contains(required)) {
                        errors.add(new Problems.FieldError("file", "has no '" + required + "' column"));
                    }
                }
                header.stream().filter(h -> !CsvProductRow.known(h)).sorted()
                    .forEach(h -> errors.add(new Problems.FieldError("file", "has an unknown column '" + h + "'")));
                header.stream().filter(h -> CsvProductRow.known(h) && !CsvProductRow.KNOWN.contains(h)).sorted()
                    .filter(h -> !RegionalNames.errors(Map.of(CsvProductRow.languageOf(h), "")).isEmpty())
                    .forEach(h -> errors.add(new Problems.FieldError("file", "has a column '" + h
                            + "' that names no language: write name:<language tag>, such as name:hi-IN")));
                if (!errors.isEmpty()) {
                    throw AgoraException.badRequest("The CSV header is not valid.").withErrors(errors);
                }
                long rows = 0;
                try {
                    for (var ignored : parser) {
                        rows++;
                    }
                }
                catch (UncheckedIOException | IllegalStateException malformed) {
                    throw AgoraException.badRequest("The file is not valid CSV at line " + (parser.getCurrentLineNumber() + 1)
                            + " (an unclosed or stray quote?); nothing was imported.")
                        .withErrors(List.of(new Problems.FieldError("file", "is not valid CSV at line "
                                + (parser.getCurrentLineNumber() + 1))));
                }
                return rows;
            }
            catch (IOException | IllegalArgumentException | UncheckedIOException ex) {
                throw AgoraException.badRequest("The file is not readable CSV with a header row.");
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The file as text, without the byte order mark spreadsheets put before "CSV UTF-8" (it would
     * otherwise be part of the first column's name).
     */
    private static Reader open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** Starts the job in the background; it records its own outcome. */
    void start(Scope scope, Path file) {
        Seen seen = new Seen(new HashSet<>(), new HashSet<>());
        Flux<CsvProductRow> rows = Flux.using(
                () -> FORMAT.parse(open(file)),
                parser -> Flux.fromIterable(parser).map(CsvProductRow::of),
                parser -> {
                    try {
                        parser.close();
                        Files.deleteIfExists(file);
                    }
                    catch (IOException ex) {
                        log.warn("Could not remove import file {}: {}", file, ex.toString());
                    }
                })
            // Parsing reads the file: every request for rows runs on a worker thread.
            .subscribeOn(Schedulers.boundedElastic());

        jobs.start(scope.jobId(), clock.instant())
            .then(lookups())
            .flatMap(lookups -> rows.buffer(CHUNK)
                .concatMap(chunk -> chunk(scope, lookups, seen, chunk))
                .then())
            .then(Mono.defer(() -> jobs.finish(scope.jobId(), ImportStatus.COMPLETED, null, clock.instant())))
            .onErrorResume(ex -> {
                log.error("Import {} failed", scope.jobId(), ex);
                String reason = ex instanceof UncheckedIOException || ex instanceof IllegalStateException
                        ? "the file could not be read as CSV past some row" : "an unexpected error stopped the import";
                return jobs.finish(scope.jobId(), ImportStatus.FAILED, reason, clock.instant());
            })
            .subscribe();
    }

    private record Lookups(Map<String, UUID> categoriesBySlug, Set<UUID> vendors) {
    }

    /** The SKUs (lowercase) and barcodes (GTIN-14) of earlier rows of the file, to find duplicates within it. */
    private record Seen(Set<String> skus, Set<String> barcodes) {
    }

    /** A row's barcode as its GTIN-14 key, or null when it has none or an invalid one (validation reports that). */
    private static String barcodeKey(CsvProductRow row) {
        String barcode = row.get("barcode");
        return barcode.isEmpty() || Gtin.problem(barcode) != null ? null : Gtin.key(barcode);
    }

    private Mono<Lookups> lookups() {
        Mono<Map<String, UUID>> categories = db.sql("SELECT slug, id FROM categories")
            .map(r -> Map.entry(r.get("slug", String.class), r.get("id", UUID.class))).all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Set<UUID>> vendors = db.sql("SELECT id FROM vendors").map(r -> r.get("id", UUID.class)).all()
            .collect(HashSet::new, Set::add);
        return categories.zipWith(vendors, Lookups::new);
    }

    private Mono<Void> chunk(Scope scope, Lookups lookups, Seen seen, List<CsvProductRow> chunk) {
        List<String> skus = chunk.stream().map(r -> r.sku().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        List<String> barcodes = chunk.stream().map(ProductImporter::barcodeKey).filter(Objects::nonNull).toList();
        Mono<Set<String>> existingBarcodes = products.barcodesTaken(barcodes).collect(HashSet<String>::new, Set::add);
        return db.sql("SELECT lower(sku::text) AS sku FROM products WHERE sku = ANY(CAST(:skus AS citext[]))")
            .bind("skus", skus.toArray(String[]::new))
            .map(r -> r.get("sku", String.class)).all().collect(HashSet<String>::new, Set::add)
            .zipWith(existingBarcodes)
            .flatMap(existingValues -> {
                Set<String> existing = existingValues.getT1();
                Set<String> takenBarcodes = existingValues.getT2();
                List<ImportJobs.RowError> errors = new ArrayList<>();
                long[] counts = new long[3]; // failed, duplicates, succeeded
                List<Write> writes = new ArrayList<>();
                for (CsvProductRow row : chunk) {
                    ImportJobs.RowError shape = row.shapeError();
                    if (shape != null) {
                        counts[0]++;
                        errors.add(shape);
                        continue;
                    }
                    String sku = row.sku().toLowerCase(Locale.ROOT);
                    UUID vendor = row.get("vendor_id").isEmpty() ? scope.vendorId() : parseUuid(row.get("vendor_id"));
                    List<ImportJobs.RowError> rowErrors = new ArrayList<>();
                    if (!sku.isEmpty() && (existing.contains(sku) || !seen.skus().add(sku))) {
                        counts[1]++;
                        errors.add(new ImportJobs.RowError(row.row(), "sku", "duplicates an existing SKU"));
                        continue;
                    }
                    String barcode = barcodeKey(row);
                    if (barcode != null && (takenBarcodes.contains(barcode) || !seen.barcodes().add(barcode))) {
                        counts[1]++;
                        errors.add(new ImportJobs.RowError(row.row(), "barcode", "duplicates another product's barcode"));
                        seen.skus().remove(sku);
                        continue;
                    }
                    if (vendor == null) {
                        rowErrors.add(new ImportJobs.RowError(row.row(), "vendor_id", "is required (or pass vendorId with the upload)"));
                    }
                    else if (!scope.admin() && !vendor.equals(scope.vendorId())) {
                        rowErrors.add(new ImportJobs.RowError(row.row(), "vendor_id", "must be your own vendor"));
                    }
                    else if (!lookups.vendors().contains(vendor)) {
                        rowErrors.add(new ImportJobs.RowError(row.row(), "vendor_id", "names no vendor"));
                    }
                    List<UUID> categoryIds = new ArrayList<>();
                    for (String slug : row.list("categories")) {
                        UUID id = lookups.categoriesBySlug().get(slug);
                        if (id == null) {
                            rowErrors.add(new ImportJobs.RowError(row.row(), "categories", "names no category '" + slug + "'"));
                        }
                        else {
                            categoryIds.add(id);
                        }
                    }
                    ProductRequest request = null;
                    try {
                        request = row.request(categoryIds, vendor);
                        rowErrors.addAll(validate(row.row(), request));
                    }
                    catch (CsvVariants.Unreadable unreadable) {
                        rowErrors.add(new ImportJobs.RowError(row.row(), "variants", unreadable.getMessage()));
                    }
                    catch (RuntimeException unreadable) {
                        // One cell no rule foresaw must cost its row, not the whole import.
                        log.warn("Import row {} could not be read: {}", row.row(), unreadable.toString());
                        rowErrors.add(new ImportJobs.RowError(row.row(), "row", "could not be read; check its values"));
                    }
                    if (rowErrors.isEmpty()) {
                        writes.add(new Write(row.row(), writer.create(vendor, request, clock.instant(), scope.admin())));
                    }
                    else {
                        counts[0]++;
                        errors.addAll(rowErrors);
                        seen.skus().remove(sku);
                        if (barcode != null) {
                            seen.barcodes().remove(barcode);
                        }
                    }
                }
                return store(writes, errors).flatMap(stored -> jobs.progress(scope.jobId(), chunk.size(), stored,
                        counts[0] + writes.size() - stored, counts[1], errors));
            });
    }

    /** A valid row's write, not yet subscribed. */
    private record Write(long row, Mono<UUID> insert) {
    }

    /**
     * Stores the chunk's valid rows in one transaction; if the database refuses any of them, stores
     * them one by one instead, so one bad row becomes that row's error and the others still import.
     * Emits how many were stored.
     */
    private Mono<Long> store(List<Write> writes, List<ImportJobs.RowError> errors) {
        if (writes.isEmpty()) {
            return Mono.just(0L);
        }
        Mono<Long> together = tx.transactional(Flux.concat(writes.stream().map(Write::insert).toList()).then())
            .thenReturn((long) writes.size());
        Mono<Long> oneByOne = Flux.fromIterable(writes)
            .concatMap(write -> tx.transactional(write.insert()).retryWhen(ProductChanges.SLUG_TAKEN_MEANWHILE).thenReturn(1L)
                // A SKU or barcode the checks before could not see (a variant's, or one taken meanwhile) says which.
                .onErrorMap(DuplicateKeyException.class, ProductChanges::duplicate)
                // The chunk's categories were looked up before it was written; one deleted since is refused by its key.
                .onErrorResume(ProductImporter::categoryGone, ex -> {
                    errors.add(new ImportJobs.RowError(write.row(), "categories", "names a category that was deleted during the import"));
                    return Mono.just(0L);
                })
                .onErrorResume(ex -> !(ex instanceof AgoraException), ex -> {
                    log.warn("Import row {} could not be stored: {}", write.row(), ex.toString());
                    errors.add(new ImportJobs.RowError(write.row(), "row", "could not be stored; check its values"));
                    return Mono.just(0L);
                })
                .onErrorResume(AgoraException.class, ex -> {
                    errors.add(new ImportJobs.RowError(write.row(), "row", String.valueOf(ex.getBody().getDetail())));
                    return Mono.just(0L);
                }))
            .reduce(0L, Long::sum);
        return together.onErrorResume(ex -> oneByOne).flatMap(stored -> stored == 0 ? Mono.just(0L)
                : cache.invalidate().thenReturn(stored));
    }

    private static boolean categoryGone(Throwable ex) {
        return ex instanceof DataIntegrityViolationException && String.valueOf(ex.getMessage()).contains(CATEGORY_KEY);
    }

    private List<ImportJobs.RowError> validate(long row, ProductRequest request) {
        List<ImportJobs.RowError> errors = new ArrayList<>();
        for (ConstraintViolation<ProductRequest> violation : validator.validate(request)) {
            errors.add(new ImportJobs.RowError(row, column(violation.getPropertyPath().toString()), violation.getMessage()));
        }
        if (errors.isEmpty()) {
            try {
                request.checked();
            }
            catch (AgoraException ex) {
                Object fieldErrors = ex.getBody().getProperties() == null ? null : ex.getBody().getProperties().get("errors");
                if (fieldErrors instanceof List<?> list) {
                    for (Object e : list) {
                        Problems.FieldError fe = (Problems.FieldError) e;
                        errors.add(new ImportJobs.RowError(row, column(fe.field()), fe.message()));
                    }
                }
            }
        }
        return errors;
    }

    /** The CSV column a request field came from. */
    static String column(String field) {
        String head = field.replaceAll("\\[.*", "").replaceAll("\\..*", "");
        return switch (head) {
            case "price" -> field.endsWith("currency") ? "currency" : "price";
            case "compareAtPrice" -> "compare_at_price";
            case "categoryIds" -> "categories";
            case "weightGrams" -> "weight_grams";
            case "vendorId" -> "vendor_id";
            default -> head;
        };
    }

    private static UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        }
        catch (IllegalArgumentException ex) {
            return new UUID(0, 0);
        }
    }
}
