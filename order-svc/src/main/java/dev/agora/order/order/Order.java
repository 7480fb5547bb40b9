package dev.agora.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.defaults.money.Money;

/**
 * An order as stored, with its lines.
 *
 * @param failureCode why checkout did not confirm it ({@code insufficient_stock}, a card decline
 *        code...), or null
 * @param sagaStep the checkout or compensation step still to run; {@code DONE} when none is
 * @param sagaOutcome the status the order ends in once the saga's remaining steps ran, or null
 * @param reference the order's human reference, unique, e.g. {@code AG-7KQ2-M4XD}
 * @param refunded what was refunded of its payment so far
 */
public record Order(UUID id, String reference, UUID userId, OrderStatus status, String statusReason, String failureCode, String currency,
        BigDecimal subtotal, BigDecimal shipping, BigDecimal total, ShippingAddress shippingAddress,
        String paymentMethod, UUID paymentId, String idempotencyKey, String requestHash, SagaStep sagaStep,
        OrderStatus sagaOutcome, BigDecimal refunded, Instant createdAt, Instant updatedAt, List<Item> items) {

    /** How much of the order's payment went back: none, part or all. */
    public enum RefundStatus {
        NONE, PARTIALLY_REFUNDED, REFUNDED
    }

    /** A line: what was bought, from whom, at the price of the moment. */
    public record Item(UUID productId, UUID vendorId, String name, String sku, BigDecimal unitPrice, int quantity,
            BigDecimal lineTotal) {
    }

    /** Where it goes. */
    public record ShippingAddress(String name, String line1, String line2, String city, String region,
            String postalCode, String country) {
    }

    public Order withItems(List<Item> lines) {
        return new Order(id, reference, userId, status, statusReason, failureCode, currency, subtotal, shipping, total,
                shippingAddress, paymentMethod, paymentId, idempotencyKey, requestHash, sagaStep, sagaOutcome, refunded,
                createdAt, updatedAt, lines);
    }

    public boolean involvesVendor(UUID vendorId) {
        return vendorId != null && items.stream().anyMatch(i -> vendorId.equals(i.vendorId()));
    }

    public Money totalMoney() {
        return Money.of(total, currency);
    }

    public RefundStatus refundStatus() {
        return refunded.signum() == 0 ? RefundStatus.NONE
                : refunded.compareTo(total) >= 0 ? RefundStatus.REFUNDED : RefundStatus.PARTIALLY_REFUNDED;
    }

    public View view() {
        return new View(id, reference, userId, status, statusReason, failureCode,
                items.stream().map(i -> new ItemView(i.productId(), i.vendorId(), i.name(), i.sku(),
                        Money.of(i.unitPrice(), currency), i.quantity(), Money.of(i.lineTotal(), currency))).toList(),
                Money.of(subtotal, currency), Money.of(shipping, currency), Money.of(total, currency),
                Money.of(refunded, currency), refundStatus(), currency, shippingAddress, paymentId, createdAt, updatedAt);
    }

    /**
     * The API shape of an order.
     *
     * @param refunded what went back of its payment; {@code refundStatus} says whether that is part or all
     */
    public record View(UUID id, String reference, UUID userId,
            OrderStatus status,
            String statusReason, String failureCode,
            List<ItemView> items, Money subtotal, Money shipping, Money total, Money refunded, RefundStatus refundStatus,
            String currency,
            ShippingAddress shippingAddress, UUID paymentId, Instant createdAt, Instant updatedAt) {
    }

    public record ItemView(UUID productId, UUID vendorId, String name, String sku, Money unitPrice, int quantity,
            Money lineTotal) {
    }
}
