package dev.agora.order.receipt;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderRepository;
import dev.agora.order.order.OrderStatus;

/**
 * An order's receipt, for its customer and admins. A vendor of its items sees the order (its own
 * part) but not the receipt, which holds what the customer paid for everything: 403. Anyone else: 404.
 */
@RestController
class ReceiptController {

    private final OrderRepository orders;
    private final ReceiptDocument document;

    ReceiptController(OrderRepository orders, ReceiptDocument document) {
        this.orders = orders;
        this.document = document;
    }

    @Operation(summary = "An order's receipt as PDF, with a credit note for each refund (its customer and admins; "
            + "a vendor of its items 403; others 404; an order that was never paid 409)")
    @ApiResponse(responseCode = "200", description = "The receipt",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/api/v1/orders/{id}/receipt")
    @RequiresScope(Scopes.ORDERS_READ)
    Mono<ResponseEntity<byte[]>> receipt(AgoraPrincipal caller, @PathVariable UUID id) {
        return orders.find(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")))
            .flatMap(order -> {
                authorise(caller, order);
                return orders.history(order.id()).filter(entry -> entry.to() == OrderStatus.CONFIRMED).next()
                    .switchIfEmpty(Mono.error(() -> AgoraException.conflict("Order " + order.reference()
                            + " was never paid, so it has no receipt.")))
                    // PDF layout and font subsetting are CPU work that blocks: off the event loop.
                    .zipWith(orders.refunds(order.id()).collectList())
                    .flatMap(paid -> Mono.fromCallable(() -> document.render(order, paid.getT1().at(), paid.getT2()))
                        .subscribeOn(Schedulers.boundedElastic()))
                    .map(pdf -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .header("Content-Disposition", ContentDisposition.attachment()
                            .filename("agora-receipt-" + order.reference() + ".pdf").build().toString())
                        .cacheControl(CacheControl.noStore())
                        .body(pdf));
            });
    }

    private static void authorise(AgoraPrincipal caller, Order order) {
        if (caller.is(order.userId()) || caller.isAdmin()) {
            return;
        }
        if (caller.hasRole(AgoraPrincipal.VENDOR) && order.involvesVendor(caller.vendorId())) {
            throw AgoraException.forbidden("A receipt is for the order's customer and admins.");
        }
        throw AgoraException.notFound("The order");
    }
}
