package dev.agora.product.product;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.PageQuery;

/**
 * Product moderation, for admins: the queue of products waiting for review, and the decisions.
 * Each handler takes the principal, which is where {@link RequiresRole} is enforced.
 */
@RestController
@RequestMapping("/api/v1/products")
class ModerationController {

    private final ProductModeration moderation;

    ModerationController(ProductModeration moderation) {
        this.moderation = moderation;
    }

    /** An approval of the product as the admin reviewed it. */
    record Approval(@NotNull @PositiveOrZero Long version) {
    }

    /** A rejection of the product as the admin reviewed it, with the reason its vendor reads. */
    record Rejection(@NotNull @PositiveOrZero Long version, @NotBlank @Size(max = 1000) String reason) {
    }

    @Operation(summary = "Products waiting for review (admins): most complete first, then longest waiting",
            description = "Vendors' new products, and products whose vendor changed the name, description or images, wait "
                    + "here unseen by shoppers. Each item has its quality score (completeness, 0 to 100).")
    @GetMapping("/review-queue")
    @RequiresRole(AgoraPrincipal.ADMIN)
    Mono<PageQuery.Page<ProductModeration.QueueItem>> queue(AgoraPrincipal caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return moderation.queue(PageQuery.of(page, size));
    }

    @Operation(summary = "Approve a product (admins): shoppers see it from now on",
            description = "Names the version the admin reviewed: if the vendor changed the product since, it is 409 and "
                    + "the admin reviews it again. A rejected product may be approved too.")
    @PostMapping("/{id}/approve")
    @RequiresRole(AgoraPrincipal.ADMIN)
    Mono<Product.View> approve(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody Approval approval) {
        return moderation.approve(id, approval.version(), caller.userId()).map(Product::view);
    }

    @Operation(summary = "Reject a product (admins), with a reason its vendor sees; an approved one leaves the catalogue",
            description = "Names the version the admin reviewed (a stale one is 409). The vendor is told by email and in "
                    + "the inbox; changing the name, description or images sends the product back to review.")
    @PostMapping("/{id}/reject")
    @RequiresRole(AgoraPrincipal.ADMIN)
    Mono<Product.View> reject(AgoraPrincipal caller, @PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        return moderation.reject(id, rejection.version(), rejection.reason().strip(), caller.userId()).map(Product::view);
    }
}
