package dev.agora.inventory.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.Principals;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.defaults.web.Problems;
import dev.agora.inventory.InventoryProperties;

/**
 * Stock: public availability, stock setting and adjustment by admins and the owning vendor, and
 * the audit trail of every movement.
 */
@RestController
@RequestMapping("/api/v1/inventory")
class StockController {

    static final int MAX_UNITS = 1_000_000;

    private final StockLedger ledger;
    private final StockChanges changes;
    private final StockQueries queries;
    private final Catalog catalog;
    private final InventoryProperties properties;

    StockController(StockLedger ledger, StockChanges changes, StockQueries queries, Catalog catalog,
            InventoryProperties properties) {
        this.ledger = ledger;
        this.changes = changes;
        this.queries = queries;
        this.catalog = catalog;
        this.properties = properties;
    }

    /** {@code locationId}: where the units are; absent for the vendor's main (oldest) location. */
    record SetStock(@NotNull @Min(0) @Max(MAX_UNITS) Integer onHand, @Min(0) @Max(MAX_UNITS) Integer lowStockThreshold,
            @Size(max = 200) String reason, Long version, UUID locationId) {
    }

    /** {@code locationId}: where the units are; absent for the vendor's main (oldest) location. */
    record AdjustStock(@NotNull @Min(-MAX_UNITS) @Max(MAX_UNITS) Integer delta, @NotBlank @Size(max = 200) String reason,
            UUID locationId) {
    }

    record Line(@NotNull UUID productId, @NotNull @Min(1) @Max(10_000) Integer quantity) {
    }

    record CheckRequest(@NotEmpty @Size(max = 100) List<@Valid @NotNull Line> items) {
    }

    /** {@code tracked}: inventory keeps stock for the product (false for one never stocked, which has none available). */
    record LineAvailability(UUID productId, int requested, int available, boolean sufficient, boolean tracked) {
    }

    record CheckResult(List<LineAvailability> items, boolean allAvailable) {
    }

    /** {@code onHandAfter}, {@code reservedAfter}: the product's totals; {@code locationId}: where the units moved. */
    record Movement(UUID id, String kind, UUID locationId, int onHandDelta, int reservedDelta, int onHandAfter,
            int reservedAfter, String reason, String actor, UUID orderId, Instant createdAt) {
    }

    @Operation(summary = "A product's availability (public); admins and the owning vendor also see on hand, reserved, "
            + "threshold and the stock at each location", description = "Stock is kept per product sold as itself and per "
            + "variant of a product sold in variants: `productId` is the one or the other's id, here and in every "
            + "path, line and event of this API.")
    @GetMapping("/{productId}")
    Mono<Stock.View> get(ServerWebExchange exchange, @PathVariable UUID productId) {
        return ledger.find(productId)
            .switchIfEmpty(Mono.error(AgoraException.notFound("Inventory for this product")))
            .flatMap(stock -> {
                AgoraPrincipal caller = Principals.optional(exchange);
                return caller != null && (caller.isAdmin() || owns(caller, stock)) ? detail(stock).cast(Stock.View.class)
                        : Mono.just(stock.publicView());
            });
    }

    @Operation(summary = "Availability of several lines at once; unknown products have none available")
    @PostMapping("/check")
    Mono<CheckResult> check(@Valid @RequestBody CheckRequest request) {
        List<UUID> ids = request.items().stream().map(Line::productId).distinct().toList();
        return queries.available(ids)
            .map(available -> {
                List<LineAvailability> lines = new ArrayList<>();
                for (Line line : request.items()) {
                    int have = available.getOrDefault(line.productId(), 0);
                    lines.add(new LineAvailability(line.productId(), line.quantity(), have, have >= line.quantity(),
                            available.containsKey(line.productId())));
                }
                return new CheckResult(lines, lines.stream().allMatch(LineAvailability::sufficient));
            });
    }

    @Operation(summary = "Set on hand at a location (and optionally the low-stock threshold); admin or the owning vendor")
    @PutMapping("/{productId}")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Stock.DetailView> set(AgoraPrincipal caller, @PathVariable UUID productId, @Valid @RequestBody SetStock request) {
        return authorize(caller, productId)
            .flatMap(product -> changes.set(productId, product.vendorId(), request.locationId(), request.onHand(),
                    request.lowStockThreshold(), properties.defaultLowStockThreshold(), request.version(), request.reason(),
                    actor(caller)))
            .flatMap(this::detail);
    }

    @Operation(summary = "Adjust on hand at a location by a delta, with a reason; admin or the owning vendor")
    @PatchMapping("/{productId}")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<Stock.DetailView> adjust(AgoraPrincipal caller, @PathVariable UUID productId,
            @Valid @RequestBody AdjustStock request) {
        if (request.delta() == 0) {
            throw AgoraException.badRequest("delta must not be zero.")
                .withErrors(List.of(new Problems.FieldError("delta", "must not be zero")));
        }
        return authorize(caller, productId)
            .flatMap(product -> changes.adjust(productId, product.vendorId(), request.locationId(), request.delta(),
                    properties.defaultLowStockThreshold(), request.reason(), actor(caller)))
            .flatMap(this::detail);
    }

    @Operation(summary = "The audit trail of a product's stock, newest first; admin or the owning vendor")
    @GetMapping("/{productId}/movements")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<PageQuery.Page<Movement>> movements(AgoraPrincipal caller, @PathVariable UUID productId,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageQuery query = PageQuery.of(page, size);
        return ledger.find(productId)
            .filter(stock -> caller.isAdmin() || owns(caller, stock))
            .switchIfEmpty(Mono.error(AgoraException.notFound("Inventory for this product")))
            .flatMap(stock -> Mono.zip(queries.movements(productId, query.size(), query.offset()).collectList(),
                    queries.movementCount(productId)))
            .map(result -> query.page(result.getT1(), result.getT2()));
    }

    private Mono<Stock.DetailView> detail(Stock stock) {
        return ledger.levels(stock.productId()).collectList().map(stock::detailView);
    }

    /**
     * The product or variant if the caller may manage its stock: 404 for another vendor's, 409 for
     * a product sold in variants, whose stock is each variant's.
     */
    private Mono<Catalog.StockItem> authorize(AgoraPrincipal caller, UUID productId) {
        return catalog.find(productId)
            .filter(item -> caller.isAdmin() || (caller.vendorId() != null && caller.vendorId().equals(item.vendorId())))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The product")))
            .flatMap(item -> item.hasVariants() ? Mono.error(AgoraException.conflict(
                    "This product is sold in variants: set the stock of each variant, under the variant's id."))
                    : Mono.just(item));
    }

    private static boolean owns(AgoraPrincipal caller, Stock stock) {
        return caller.vendorId() != null && caller.vendorId().equals(stock.vendorId());
    }

    static String actor(AgoraPrincipal caller) {
        return (caller.isAdmin() ? "admin:" : caller.hasRole(AgoraPrincipal.SERVICE) ? "service:" : "vendor:") + caller.userId();
    }
}
