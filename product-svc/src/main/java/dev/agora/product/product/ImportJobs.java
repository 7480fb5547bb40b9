package dev.agora.product.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.PageQuery;

/**
 * Import jobs and their row errors in PostgreSQL.
 */
@Repository
class ImportJobs {

    static final int MAX_STORED_ERRORS = 1000;

    private final DatabaseClient db;

    ImportJobs(DatabaseClient db) {
        this.db = db;
    }

    /** A job as {@code GET /products/imports/{id}} shows it. */
    record Job(UUID id, UUID requestedBy, UUID vendorId, boolean admin, String fileName,
            ImportStatus status, long total,
            long processed, long succeeded, long failed, long duplicates, String error, Instant createdAt,
            Instant startedAt, Instant finishedAt, List<RowError> errors) {
    }

    /** A job as the list of imports shows it: the counts, not the row errors. */
    record Summary(UUID id, UUID requestedBy, UUID vendorId, boolean admin, String fileName, ImportStatus status, long total,
            long processed, long succeeded, long failed, long duplicates, String error, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        Job with(List<RowError> errors) {
            return new Job(id, requestedBy, vendorId, admin, fileName, status, total, processed, succeeded, failed, duplicates,
                    error, createdAt, startedAt, finishedAt, errors);
        }
    }

    /** One problem of one row (row 1 is the header). */
    record RowError(long row, String field, String message) {
    }

    /** @param total the file's rows, counted before the job starts, so progress has a denominator */
    Mono<Void> create(UUID id, UUID requestedBy, UUID vendorId, boolean admin, String fileName, long total, Instant now) {
        return db.sql("""
                INSERT INTO product_imports (id, requested_by, vendor_id, admin, file_name, status, total, created_at)
                VALUES (:id, :by, :vendor, :admin, :file, 'queued', :total, :now)""")
            .bind("id", id).bind("by", requestedBy).bind("vendor", Parameter.fromOrEmpty(vendorId, UUID.class))
            .bind("admin", admin).bind("file", fileName).bind("total", total).bind("now", now).then();
    }

    Mono<Void> start(UUID id, Instant now) {
        return db.sql("UPDATE product_imports SET status = 'running', started_at = :now WHERE id = :id")
            .bind("id", id).bind("now", now).then();
    }

    /** Adds one chunk's counts and errors. */
    Mono<Void> progress(UUID id, long rows, long succeeded, long failed, long duplicates, List<RowError> errors) {
        Mono<Void> counts = db.sql("""
                UPDATE product_imports SET processed = processed + :rows,
                    succeeded = succeeded + :ok, failed = failed + :failed, duplicates = duplicates + :dups
                WHERE id = :id""")
            .bind("id", id).bind("rows", rows).bind("ok", succeeded).bind("failed", failed).bind("dups", duplicates)
            .then();
        Mono<Long> stored = db.sql("SELECT count(*) AS n FROM product_import_errors WHERE import_id = :id")
            .bind("id", id).map(r -> r.get("n", Long.class)).one();
        return counts.then(stored).flatMapMany(n -> Flux.fromIterable(errors).take(Math.max(0, MAX_STORED_ERRORS - n)))
            .concatMap(e -> db.sql("INSERT INTO product_import_errors (import_id, row_number, field, message) VALUES (:id, :row, :field, :msg)")
                .bind("id", id).bind("row", e.row()).bind("field", e.field()).bind("msg", e.message()).then())
            .then();
    }

    Mono<Void> finish(UUID id, ImportStatus status, String error, Instant now) {
        return db.sql("UPDATE product_imports SET status = :status, error = :error, finished_at = :now WHERE id = :id")
            .bind("id", id).bind("status", status.value()).bind("error", Parameter.fromOrEmpty(error, String.class)).bind("now", now)
            .then();
    }

    /** Jobs a restart interrupted can never finish: say so. */
    Mono<Long> failInterrupted(Instant now) {
        return db.sql("""
                UPDATE product_imports SET status = 'failed', error = 'interrupted by a restart of product-svc; import the file again',
                    finished_at = :now WHERE status IN ('queued', 'running')""")
            .bind("now", now).fetch().rowsUpdated();
    }

    Mono<Job> find(UUID id) {
        Mono<List<RowError>> errors = db.sql("""
                SELECT row_number, field, message FROM product_import_errors WHERE import_id = :id
                ORDER BY row_number, field""")
            .bind("id", id)
            .map(r -> new RowError(r.get("row_number", Long.class), r.get("field", String.class), r.get("message", String.class)))
            .all().collectList();
        return db.sql("SELECT * FROM product_imports WHERE id = :id").bind("id", id).map(ImportJobs::map).one()
            .zipWith(errors, Summary::with);
    }

    /**
     * Jobs newest first: those {@code requestedBy} uploaded, or everyone's when it is null; only
     * {@code vendorId}'s when that is given.
     */
    Mono<PageQuery.Page<Summary>> list(UUID requestedBy, UUID vendorId, PageQuery page) {
        // Conditions are left out rather than made optional in SQL, so each query can use its index.
        List<String> conditions = new ArrayList<>();
        Map<String, Object> bindings = new HashMap<>();
        if (requestedBy != null) {
            conditions.add("requested_by = :by");
            bindings.put("by", requestedBy);
        }
        if (vendorId != null) {
            conditions.add("vendor_id = :vendor");
            bindings.put("vendor", vendorId);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Mono<List<Summary>> items = db.sql("SELECT * FROM product_imports" + where
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
            .bindValues(bindings).bind("limit", page.size()).bind("offset", page.offset())
            .map(ImportJobs::map).all().collectList();
        Mono<Long> total = db.sql("SELECT count(*) AS n FROM product_imports" + where).bindValues(bindings)
            .map(r -> r.get("n", Long.class)).one();
        return items.zipWith(total, page::page);
    }

    private static Summary map(Readable r) {
        return new Summary(r.get("id", UUID.class), r.get("requested_by", UUID.class), r.get("vendor_id", UUID.class),
                Boolean.TRUE.equals(r.get("admin", Boolean.class)), r.get("file_name", String.class),
                ImportStatus.of(r.get("status", String.class)), r.get("total", Long.class), r.get("processed", Long.class),
                r.get("succeeded", Long.class), r.get("failed", Long.class), r.get("duplicates", Long.class),
                r.get("error", String.class), r.get("created_at", Instant.class), r.get("started_at", Instant.class),
                r.get("finished_at", Instant.class));
    }
}
