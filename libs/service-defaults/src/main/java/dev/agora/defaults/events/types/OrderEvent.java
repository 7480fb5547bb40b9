package dev.agora.defaults.events.types;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.defaults.money.Money;

/**
 * {@code order.*}: every status change of an order carries the order as it now is, so one record
 * serves every {@code order.} type.
 *
 * @param status the status it moved to
 * @param previousStatus the one it left, null for {@code order.created}
 * @param reason why, for cancellations and refunds, else null
 * @param failureCode the checkout's failure code for {@code order.payment_failed}, else null
 * @param paymentId the payment, once there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(UUID orderId, String reference, UUID userId, String status, String previousStatus,
        String reason, String failureCode, Money total, List<Line> items, UUID paymentId) {

    /** One line as ordered. */
    public record Line(UUID productId, UUID vendorId, String name, String sku, int quantity, Money unitPrice) {
    }
}
