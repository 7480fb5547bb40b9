package dev.agora.analytics.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A batch of storefront events as a client sends it. There is no user id: it comes from the
 * verified token only (strict JSON refuses a {@code userId} field).
 */
record ClientEvents(@NotEmpty @Size(max = 100) List<@Valid @NotNull Event> events) {

    static final java.util.Set<String> TYPES = java.util.Set.of("page_view", "product_view", "search", "add_to_cart",
            "remove_from_cart", "checkout_started", "order_placed");

    /**
     * @param properties free-form details (e.g. {@code productId}, {@code query}, {@code orderId},
     *        {@code total}), at most 4 KiB as JSON
     */
    record Event(@NotNull @Pattern(regexp = "page_view|product_view|search|add_to_cart|remove_from_cart|checkout_started|order_placed",
            message = "must be one of page_view, product_view, search, add_to_cart, remove_from_cart, checkout_started, order_placed") String type,
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "must be letters, digits or ._:-") String sessionId,
            @NotNull Instant occurredAt, Map<String, Object> properties) {
    }
}
