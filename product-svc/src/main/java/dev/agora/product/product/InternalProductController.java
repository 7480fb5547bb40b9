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
@RequestMapping("/internal/products")
class InternalProductController {

    private final ProductRepository products;

    InternalProductController(ProductRepository products) {
        this.products = products;
    }

    /**
     * @param purchasable active, and its vendor active and verified
     */
    record InternalView(UUID id, UUID vendorId, String name, String sku, ProductStatus status, Money price,
            boolean purchasable) {
    }

    @Operation(summary = "A product of any status, for other services")
    @GetMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.CATALOG_READ)
    Mono<InternalView> find(AgoraPrincipal caller, @PathVariable UUID id) {
        return products.findById(id)
            .map(p -> new InternalView(p.id(), p.vendorId(), p.name(), p.sku(), p.status(), Money.of(p.price(), p.currency()),
                    p.isPublic()))
            .switchIfEmpty(Mono.error(AgoraException.notFound("The product")));
    }
}
