package dev.agora.payment.payment;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.money.Money;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.defaults.web.Problems;
import dev.agora.defaults.web.ProblemType;

/**
 * Payments of orders. order-svc's checkout alone charges (on the customer's behalf) and refunds on
 * cancellation; customers see their own payments; admins see all and refund.
 * <p>
 * A customer cannot pay an order directly: every order's checkout saga owns its charge, and a
 * second charge beside it could be left captured when the saga ends without the order (a decline,
 * missing stock). The saga still refunds every live payment of an order it does not confirm.
 */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

    private final Charges charges;
    private final Refunds refunds;
    private final PaymentRepository payments;
    private final OrderDirectory orders;
    private final JsonMapper json;

    PaymentController(Charges charges, Refunds refunds, PaymentRepository payments, OrderDirectory orders, JsonMapper json) {
        this.charges = charges;
        this.refunds = refunds;
        this.payments = payments;
        this.orders = orders;
        this.json = json;
    }

    /**
     * @param userId whose payment it is: set by order-svc (role service)
     * @param paymentMethod the provider's token for the card (e.g. {@code pm_card_visa}), never a
     *        card number
     * @param orderReference the order's human reference, for messages about the payment
     */
    record ChargeRequest(@NotNull UUID orderId, @NotNull Money amount,
            @NotNull @Pattern(regexp = "pm_[A-Za-z0-9_]{1,100}", message = "must be a payment method token such as pm_card_visa") String paymentMethod,
            UUID userId,
            @Pattern(regexp = "[A-Z0-9-]{1,20}", message = "must be an order reference such as AG-7KQ2-M4XD") String orderReference) {
    }

    record RefundRequest(Money amount, @Size(max = 500) String reason) {
    }

    @Operation(summary = "Charge an order (order-svc's checkout; Idempotency-Key required): 201 with the payment, succeeded or "
            + "failed; a replay answers the same payment. A customer's own order is 409 checkout-owns-payment (checkout "
            + "charges it), anyone else's 404")
    @ApiResponse(responseCode = "201", description = "The payment, succeeded or failed", useReturnTypeSchema = true)
    @PostMapping
    @RequiresScope(Scopes.PAYMENTS_CHARGE)
    Mono<ResponseEntity<Payment.View>> charge(AgoraPrincipal caller,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String keyHeader,
            @Valid @RequestBody ChargeRequest request) {
        IdempotencyKey key = IdempotencyKey.require(keyHeader);
        Money amount = request.amount().validate("amount");
        if (amount.value().signum() <= 0) {
            throw AgoraException.badRequest("The amount must be more than zero.")
                .withErrors(List.of(new Problems.FieldError("amount.amount", "must be more than zero")));
        }
        if (!caller.hasRole(AgoraPrincipal.SERVICE)) {
            return ownedByCheckout(caller, request.orderId());
        }
        if (request.userId() == null) {
            throw AgoraException.badRequest("A service charging on a customer's behalf names the customer.")
                .withErrors(List.of(new Problems.FieldError("userId", "is required for service callers")));
        }
        // "10.0" and "10.00" are the same request.
        var charge = new Charges.Charge(request.orderId(), request.userId(), amount.value().stripTrailingZeros(),
                amount.currency(), request.paymentMethod(), request.orderReference());
        String fingerprint = IdempotencyKey.fingerprint(json, charge);
        return charges.replay(caller, key, fingerprint)
            .switchIfEmpty(Mono.defer(() -> charges.charge(caller, key, fingerprint, charge)))
            .map(result -> ResponseEntity.created(URI.create("/api/v1/payments/" + result.payment().id()))
                .header("Idempotent-Replayed", String.valueOf(!result.created()))
                .body(result.payment().view()));
    }

    /** Someone else's order is a 404, as everywhere; the customer's own is paid by its checkout. */
    private <T> Mono<T> ownedByCheckout(AgoraPrincipal caller, UUID orderId) {
        return orders.find(orderId)
            .filter(order -> caller.is(order.userId()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The order")))
            .flatMap(order -> Mono.error(new AgoraException(ProblemType.CHECKOUT_OWNS_PAYMENT, "Order " + orderId + " is paid by its checkout with the payment method "
                            + "given when it was placed; it cannot be paid separately.")));
    }

    @Operation(summary = "A payment (its customer, admins and services; others 404)")
    @GetMapping("/{id}")
    @RequiresScope(Scopes.PAYMENTS_READ)
    Mono<Payment.View> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).map(Payment::view);
    }

    @Operation(summary = "The payments of an order (its customer, admins and services; others 404)")
    @GetMapping("/order/{orderId}")
    @RequiresScope(Scopes.PAYMENTS_READ)
    Mono<List<Payment.View>> byOrder(AgoraPrincipal caller, @PathVariable UUID orderId) {
        return payments.findByOrder(orderId)
            .filter(p -> mayRead(caller, p))
            .map(Payment::view)
            .collectList()
            .filter(list -> !list.isEmpty())
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("Payments of this order")));
    }

    @Operation(summary = "Refund part or all of a payment (admin, or order-svc on cancellation); optional Idempotency-Key")
    @ApiResponse(responseCode = "201", description = "The refund", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The same refund again (its Idempotency-Key replayed)", useReturnTypeSchema = true)
    @PostMapping("/{id}/refunds")
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.PAYMENTS_REFUND)
    Mono<ResponseEntity<Refund.View>> refund(AgoraPrincipal caller, @PathVariable UUID id,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String keyHeader,
            @Valid @RequestBody(required = false) RefundRequest request) {
        String key = keyHeader == null ? null : IdempotencyKey.require(keyHeader).value();
        Money amount = request == null || request.amount() == null ? null : request.amount().validate("amount");
        String actor = (caller.hasRole(AgoraPrincipal.SERVICE) ? "service:" : "admin:") + caller.userId();
        return refunds.refund(id, amount, request == null ? null : request.reason(), key, actor)
            .map(result -> ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.refund().view()));
    }

    @Operation(summary = "The refunds of a payment (its customer, admins and services; others 404)")
    @GetMapping("/{id}/refunds")
    @RequiresScope(Scopes.PAYMENTS_READ)
    Mono<List<Refund.View>> refunds(AgoraPrincipal caller, @PathVariable UUID id) {
        return visible(caller, id).flatMap(p -> payments.refunds(p.id()).map(Refund::view).collectList());
    }

    private Mono<Payment> visible(AgoraPrincipal caller, UUID id) {
        return payments.find(id)
            .filter(p -> mayRead(caller, p))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The payment")));
    }

    private static boolean mayRead(AgoraPrincipal caller, Payment payment) {
        return caller.is(payment.userId()) || caller.isAdmin() || caller.hasRole(AgoraPrincipal.SERVICE);
    }
}
