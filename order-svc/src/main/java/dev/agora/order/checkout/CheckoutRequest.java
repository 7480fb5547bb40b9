package dev.agora.order.checkout;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.order.order.Order;

/**
 * A checkout as the client sends it. Prices, names and sellers are not part of it: they come from
 * product-svc at the moment of checkout.
 *
 * @param shippingAddress the address to ship to, written out; or instead
 * @param addressId one of the caller's saved addresses (user-svc's address book), which the order copies
 * @param currency optional: the currency the client expects to pay in; a different one is a 422
 */
record CheckoutRequest(@NotEmpty @Size(max = 100) List<@Valid @NotNull Line> items,
        @Schema(description = "the address to ship to; or addressId instead") @Valid Address shippingAddress,
        @Schema(description = "one of the caller's saved addresses (GET /api/v1/users/me/addresses); or shippingAddress instead")
        UUID addressId,
        @NotNull @Pattern(regexp = "pm_[A-Za-z0-9_]{1,100}", message = "must be a payment method token such as pm_card_visa") String paymentMethod,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency) {

    /** @param variantId required for a product sold in variants (which one), absent for one sold as itself */
    record Line(@NotNull UUID productId,
            @Schema(description = "the variant bought, for a product sold in variants (its variants list); else absent")
            UUID variantId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    record Address(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2, @NotBlank @Size(max = 100) String city, @Size(max = 100) String region,
            @NotBlank @Size(max = 20) String postalCode,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {

        Order.ShippingAddress toAddress() {
            return new Order.ShippingAddress(name, line1, line2, city, region, postalCode, country);
        }
    }
}
