package dev.agora.product.product;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;

/**
 * What other services need to know of a product whatever its status: who sells it, what it
 * costs, whether it may be bought. Service tokens only; the gateway never routes {@code /internal}.
 */
@RestController
@RequestMapping("/internal")
class InternalProductController {

    private final ProductRepository products;

    InternalProductController(ProductRepository products) {
        this.products = products;
    }

    /**
     * @param purchasable active, and its vendor active and verified
     * @param hasVariants sold as its variants: an order line or a stock level names one of them
     */
    record InternalView(UUID id, UUID vendorId, String name, String sku, ProductStatus status, Money price,
            boolean purchasable, boolean hasVariants) {
    }

    /**
     * A variant as an order line prices it.
     *
     * @param name the product's name and the variant's label, e.g. {@code Tee (M / red)}
     * @param status and {@code purchasable} are its product's
     */
    record InternalVariant(UUID id, UUID productId, UUID vendorId, String name, String label, String sku, ProductStatus status,
            Money price, boolean purchasable) {
    }

    /**
     * Something inventory-svc keeps stock of: a product sold as itself, or a variant.
     *
     * @param productId the product, itself or the variant's
     * @param name as a shopper sees it: the product's, with the variant's label for a variant, e.g. {@code Tee (M / red)}
     * @param hasVariants a product sold as its variants, which has no stock of its own
     */
    record StockItem(UUID id, UUID productId, UUID vendorId, String name, ProductStatus status, boolean hasVariants) {
    }

    @Operation(summary = "A product of any status, for other services")
    @GetMapping("/products/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.CATALOG_READ)
    Mono<InternalView> find(AgoraPrincipal caller, @PathVariable UUID id) {
        return products.findById(id)
            .map(p -> new InternalView(p.id(), p.vendorId(), p.name(), p.sku(), p.status(), Money.of(p.price(), p.currency()),
                    p.isPublic(), p.hasVariants()))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The product")));
    }

    @Operation(summary = "A variant of a product, for other services; one of another product is not found")
    @GetMapping("/products/{id}/variants/{variantId}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.CATALOG_READ)
    Mono<InternalVariant> variant(AgoraPrincipal caller, @PathVariable UUID id, @PathVariable UUID variantId) {
        return products.findById(id)
            .flatMap(p -> Mono.justOrEmpty(p.variant(variantId)).map(v -> new InternalVariant(v.id(), p.id(), p.vendorId(),
                    p.name() + " (" + v.label() + ")", v.label(), v.sku(), p.status(), Money.of(v.price(), p.currency()), p.isPublic())))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The variant")));
    }

    @Operation(summary = "A product or a variant, by its id, as inventory-svc keeps stock of it")
    @GetMapping("/stock-items/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.CATALOG_READ)
    Mono<StockItem> stockItem(AgoraPrincipal caller, @PathVariable UUID id) {
        return products.findById(id)
            .map(p -> new StockItem(p.id(), p.id(), p.vendorId(), p.name(), p.status(), p.hasVariants()))
            .switchIfEmpty(Mono.defer(() -> products.productOfVariant(id).flatMap(products::findById)
                .flatMap(p -> Mono.justOrEmpty(p.variant(id))
                    .map(v -> new StockItem(id, p.id(), p.vendorId(), p.name() + " (" + v.label() + ")", p.status(), false)))))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The product")));
    }
}
