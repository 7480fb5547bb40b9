package dev.agora.product.product;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;

/**
 * Bulk product imports from CSV: upload (202 with a job), then poll the job; the list of past imports.
 */
@RestController
@RequestMapping("/api/v1/products/imports")
class ProductImportController {

    private final ImportJobs jobs;
    private final ProductImporter importer;
    private final ProductChanges changes;
    private final Clock clock;

    ProductImportController(ImportJobs jobs, ProductImporter importer, ProductChanges changes, Clock clock) {
        this.jobs = jobs;
        this.importer = importer;
        this.changes = changes;
        this.clock = clock;
    }

    /** The multipart form of an upload, for the contract (the handler reads the parts itself). */
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
            description = "the CSV file, UTF-8, with a header row") String file,
            @Schema(description = "admins only: the vendor whose products these are") UUID vendorId) {
    }

    /** An accepted upload. */
    record Queued(UUID id, ImportStatus status) {
    }

    @Operation(summary = "Import products from a CSV file (multipart field 'file'; admins may add 'vendorId')",
            description = "Columns: sku, name, price, currency, categories (required); description, status, "
                    + "compare_at_price, tags, images, weight_grams, vendor_id, barcode (a GTIN), variants (sku;price;options;barcode "
                    + "per variant, separated by '|', options as name=value,name=value, e.g. TEE-S;20.00;size=S|TEE-M;25.00;size=M), "
                    + "and name:<language tag> "
                    + "for a regional name (name:hi-IN, name:ta; an empty cell is none). Lists are separated by '|'; "
                    + "categories are slugs. A vendor's rows can only create that vendor's products.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)))
    @ApiResponse(responseCode = "202", description = "Queued; poll the Location (GET /imports/{id}) for progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Queued.class)))
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<ResponseEntity<Queued>> upload(AgoraPrincipal caller, ServerWebExchange exchange) {
        if (!caller.isAdmin() && caller.vendorId() == null) {
            throw AgoraException.forbidden("This account acts for no vendor yet; sign in again after verification.");
        }
        return exchange.getMultipartData().flatMap(parts -> {
            Part file = parts.getFirst("file");
            if (!(file instanceof FilePart filePart)) {
                return Mono.error(AgoraException.badRequest("Send the CSV as the multipart field 'file'."));
            }
            UUID vendor = caller.isAdmin() ? formUuid(parts.getFirst("vendorId")) : caller.vendorId();
            UUID id = Uuids.v7();
            Mono<Void> vendorKnown = vendor == null ? Mono.empty() : changes.requireVendor(vendor);
            return vendorKnown.then(Mono.fromCallable(() -> Files.createTempFile("agora-import-" + id, ".csv")))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(path -> filePart.transferTo(path).thenReturn(path))
                .flatMap(path -> ProductImporter.inspect(path)
                    .onErrorResume(ex -> delete(path).then(Mono.error(ex)))
                    .flatMap(rows -> jobs.create(id, caller.userId(), vendor, caller.isAdmin(), filePart.filename(), rows,
                            clock.instant().truncatedTo(ChronoUnit.MICROS)))
                    .doOnSuccess(v -> importer.start(new ProductImporter.Scope(id, caller.isAdmin(), vendor), path)))
                .thenReturn(ResponseEntity.accepted().location(URI.create("/api/v1/products/imports/" + id))
                    .body(new Queued(id, ImportStatus.QUEUED)));
        });
    }

    @Operation(summary = "Imports newest first: a vendor's own uploads, or any for an admin (optionally one vendor's)",
            description = "Each item has the job's counts; its row errors are on GET /imports/{id}.")
    @GetMapping
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<PageQuery.Page<ImportJobs.Summary>> list(AgoraPrincipal caller,
            @Parameter(description = "only imports for this vendor; a vendor may name only its own")
            @RequestParam(required = false) UUID vendor, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        if (caller.isAdmin()) {
            return jobs.list(null, vendor, query);
        }
        if (vendor != null && !vendor.equals(caller.vendorId())) {
            throw AgoraException.notFound("The vendor");
        }
        return jobs.list(caller.userId(), vendor, query);
    }

    @Operation(summary = "An import's progress, counts and row errors (its uploader or an admin)")
    @GetMapping("/{id}")
    Mono<ImportJobs.Job> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return jobs.find(id)
            .filter(job -> caller.isAdmin() || caller.is(job.requestedBy()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The import")));
    }

    private static UUID formUuid(Part part) {
        if (!(part instanceof FormFieldPart field) || field.value().isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(field.value().trim());
        }
        catch (IllegalArgumentException ex) {
            throw AgoraException.badRequest("vendorId must be a UUID.");
        }
    }

    private static Mono<Void> delete(Path path) {
        return Mono.fromCallable(() -> Files.deleteIfExists(path)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
