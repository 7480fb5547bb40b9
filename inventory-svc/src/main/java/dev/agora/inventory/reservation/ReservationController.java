package dev.agora.inventory.reservation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.security.Scopes;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * Reservations for order-svc's checkout (service tokens only).
 */
@RestController
@RequestMapping("/internal/reservations")
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    record Line(@NotNull UUID productId, @NotNull @Min(1) @Max(10_000) Integer quantity) {
    }

    /** {@code shipToCountry}: ISO 3166-1 alpha-2 of the shipping address; units are taken from locations there first. */
    record ReserveRequest(@NotNull UUID orderId, @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> items,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE") String shipToCountry) {
    }

    /** {@code productIds}: only these lines (one vendor's part of an order); absent for every line. */
    record ReleaseRequest(@Size(max = 200) String reason, @Size(min = 1, max = 100) List<@NotNull UUID> productIds) {
    }

    @Operation(summary = "Reserve every line of an order or none (201); the same order again replays (200)")
    @PostMapping
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.INVENTORY_RESERVE)
    Mono<ResponseEntity<Reservation>> reserve(AgoraPrincipal caller, @Valid @RequestBody ReserveRequest request) {
        Set<UUID> seen = new HashSet<>();
        for (Line line : request.items()) {
            if (!seen.add(line.productId())) {
                throw AgoraException.badRequest("Each product may appear once per reservation.")
                    .withErrors(List.of(new Problems.FieldError("items", "duplicate product " + line.productId())));
            }
        }
        return reservations.reserve(request.orderId(),
                request.items().stream().map(l -> new Reservation.Line(l.productId(), l.quantity())).toList(),
                request.shipToCountry(), actor(caller))
            .map(outcome -> ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(outcome.reservation()));
    }

    @Operation(summary = "A reservation")
    @GetMapping("/{orderId}")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.INVENTORY_RESERVE)
    Mono<Reservation> get(AgoraPrincipal caller, @PathVariable UUID orderId) {
        return reservations.find(orderId).switchIfEmpty(Mono.error(AgoraException.notFound("The reservation")));
    }

    @Operation(summary = "Commit: the order is paid and its stock leaves the shelf (idempotent)")
    @PostMapping("/{orderId}/commit")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.INVENTORY_RESERVE)
    Mono<Reservation> commit(AgoraPrincipal caller, @PathVariable UUID orderId) {
        return reservations.commit(orderId, actor(caller));
    }

    @Operation(summary = "Release: held stock becomes available, committed stock returns to the shelf; all lines, or the "
            + "productIds given (idempotent per line)")
    @PostMapping("/{orderId}/release")
    @RequiresRole({ AgoraPrincipal.SERVICE })
    @RequiresScope(Scopes.INVENTORY_RESERVE)
    Mono<Reservation> release(AgoraPrincipal caller, @PathVariable UUID orderId,
            @Valid @RequestBody(required = false) ReleaseRequest request) {
        return reservations.release(orderId, request == null ? null : request.reason(), actor(caller),
                request == null || request.productIds() == null ? null : Set.copyOf(request.productIds()));
    }

    private static String actor(AgoraPrincipal caller) {
        return "service:" + caller.userId();
    }
}
