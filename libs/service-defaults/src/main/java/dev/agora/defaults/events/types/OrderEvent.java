package dev.agora.defaults.events.types;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.defaults.money.Money;

/**
 * {@code order.*}: every status change of an order carries the order as it now is, so one record
 * serves every {@code order.} type. {@code items} are the lines that stand: a part cancelled before
 * it shipped is left out.
 *
 * @param status the status it moved to
 * @param previousStatus the one it left, null for {@code order.created}
 * @param reason why, for cancellations and refunds, else null
 * @param failureCode the checkout's failure code for {@code order.payment_failed}, else null
 * @param paymentId the payment, once there is one
 * @param shipment for {@code order.partially_shipped} and {@code order.shipped}: the parcel that just
 *        left, with one vendor's lines; absent for other types
 * @param cancellation for {@code order.part_cancelled}: the vendor's part cancelled before it
 *        shipped, its lines and what they are refunded; {@code items} then lists only the lines
 *        that still stand, as it does in every later event of the order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(UUID orderId, String reference, UUID userId, String status, String previousStatus,
        String reason, String failureCode, Money total, List<Line> items, UUID paymentId, Shipment shipment,
        Cancellation cancellation) {

    /**
     * One line as ordered.
     *
     * @param variantId the variant bought of a product sold in variants, else null (and absent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(UUID productId, UUID vendorId, String name, String sku, int quantity, Money unitPrice, UUID variantId) {
    }

    /**
     * One vendor's part of the order on its way.
     *
     * @param carrier and {@code trackingNumber} as the vendor gave them, or null when it gave none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(UUID vendorId, String carrier, String trackingNumber, List<Line> items) {
    }

    /** One vendor's part of the order, cancelled before it shipped. */
    public record Cancellation(UUID vendorId, List<Line> items, Money refund) {
    }
}
