package dev.agora.product.product;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * Downloads a catalogue as CSV: a vendor its own, an admin any vendor's or the whole catalogue.
 */
@RestController
@RequestMapping("/api/v1/products/export")
class CatalogueExportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final CatalogueExport export;
    private final Clock clock;

    CatalogueExportController(CatalogueExport export, Clock clock) {
        this.export = export;
        this.clock = clock;
    }

    @Operation(summary = "Export products as CSV in the import's columns (a vendor its own, an admin any)",
            description = """
                    Columns: sku, name, price, currency, categories, description, status, compare_at_price, tags, images,
                    weight_grams, vendor_id, barcode, variants (sku;price;options;barcode per variant, separated by '|', options
                    as name=value,name=value, a backslash before | ; , = or \\ in a value), then name:<language tag> (name:hi-IN…) for each language the exported
                    products have a regional name in; lists are separated by '|', categories are slugs, images are URLs in order.
                    A cell that starts with = + - @, a tab or a carriage return is written behind an apostrophe, so a
                    spreadsheet shows it as text instead of evaluating it; the import removes that apostrophe, so the
                    file imports back to the same products. UTF-8 with a byte order mark. Archived products are left out
                    unless `status=archived`.""")
    @ApiResponse(responseCode = "200", description = "The CSV file, streamed",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    @GetMapping
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<ResponseEntity<Flux<String>>> export(AgoraPrincipal caller,
            @Parameter(description = "only this vendor's products; a vendor may name only its own")
            @RequestParam(required = false) UUID vendor,
            @Parameter(description = "only products in this status (draft, active, archived); default every status but archived")
            @RequestParam(required = false) String status) {
        UUID scope = scope(caller, vendor);
        ProductStatus only = status(status);
        String file = "agora-products-" + LocalDate.now(clock) + ".csv";
        return export.csv(scope, only).map(csv -> ResponseEntity.ok()
            .contentType(TEXT_CSV)
            .header("Content-Disposition", ContentDisposition.attachment().filename(file).build().toString())
            .cacheControl(CacheControl.noStore())
            .body(csv));
    }

    private static UUID scope(AgoraPrincipal caller, UUID vendor) {
        if (caller.isAdmin()) {
            return vendor;
        }
        if (caller.vendorId() == null) {
            throw AgoraException.forbidden("This account acts for no vendor yet; sign in again after verification.");
        }
        if (vendor != null && !vendor.equals(caller.vendorId())) {
            throw AgoraException.notFound("The vendor");
        }
        return caller.vendorId();
    }

    private static ProductStatus status(String value) {
        if (value == null) {
            return null;
        }
        return ProductStatus.named(value).orElseThrow(() -> AgoraException.badRequest("status must be draft, active or archived.")
                .withErrors(List.of(new Problems.FieldError("status", "must be draft, active or archived"))));
    }
}
