package dev.agora.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param fulfilments the vendors' parts that shipped or were cancelled; a vendor of its lines without
 *        one has not shipped yet
 */
public record Order(UUID id, String reference, UUID userId, OrderStatus status, String statusReason, String failureCode, String currency,
        BigDecimal subtotal, BigDecimal shipping, BigDecimal total, ShippingAddress shippingAddress,
        String paymentMethod, UUID paymentId, String idempotencyKey, String requestHash, SagaStep sagaStep,
        OrderStatus sagaOutcome, BigDecimal refunded, Instant createdAt, Instant updatedAt, List<Item> items,
        List<Fulfilment> fulfilments) {

    /** How much of the order's payment went back: none, part or all. */
    public enum RefundStatus {
        NONE, PARTIALLY_REFUNDED, REFUNDED
    }

    /**
     * A line: what was bought, from whom, at the price of the moment.
     *
     * @param variantId the variant bought of a product sold in variants, else null
     */
    public record Item(UUID productId, UUID variantId, UUID vendorId, String name, String sku, BigDecimal unitPrice, int quantity,
            BigDecimal lineTotal) {

        /** What inventory-svc keeps the line's stock under: the variant, or the product sold as itself. */
        public UUID stockId() {
            return variantId != null ? variantId : productId;
        }
    }

    /** Where it goes. */
    public record ShippingAddress(String name, String line1, String line2, String city, String region,
            String postalCode, String country) {
    }

    /**
     * One vendor's part of the order.
     *
     * @param vendorId null for lines bought before products named their vendor (only admins ship those)
     * @param carrier and {@code trackingNumber} as the vendor gave them when it shipped, or null
     * @param refund what a cancelled part's lines are refunded, else null
     */
    public record Fulfilment(UUID vendorId, FulfilmentStatus status, String carrier, String trackingNumber,
            Instant shippedAt, Instant deliveredAt, Instant cancelledAt, BigDecimal refund) {

        static Fulfilment pending(UUID vendorId) {
            return new Fulfilment(vendorId, FulfilmentStatus.PENDING, null, null, null, null, null, null);
        }

        public boolean cancelled() {
            return status == FulfilmentStatus.CANCELLED;
        }
    }

    public Order withItems(List<Item> lines, List<Fulfilment> shipped) {
        return new Order(id, reference, userId, status, statusReason, failureCode, currency, subtotal, shipping, total,
                shippingAddress, paymentMethod, paymentId, idempotencyKey, requestHash, sagaStep, sagaOutcome, refunded,
                createdAt, updatedAt, lines, shipped);
    }

    /** One fulfilment per vendor of its lines, in the order of the lines: shipped or not. */
    public List<Fulfilment> parts() {
        LinkedHashSet<UUID> vendors = new LinkedHashSet<>();
        items.forEach(item -> vendors.add(item.vendorId()));
        return vendors.stream()
            .map(vendor -> fulfilments.stream().filter(f -> Objects.equals(f.vendorId(), vendor)).findFirst()
                .orElseGet(() -> Fulfilment.pending(vendor)))
            .toList();
    }

    /** The vendor's part, if it has lines in the order. */
    public Optional<Fulfilment> part(UUID vendorId) {
        return parts().stream().filter(f -> Objects.equals(f.vendorId(), vendorId)).findFirst();
    }

    /** The parts still going to the customer: every part but the cancelled ones. */
    public List<Fulfilment> activeParts() {
        return parts().stream().filter(part -> !part.cancelled()).toList();
    }

    /**
     * The status the order's parts give it, cancelled parts aside: {@code DELIVERED} once every
     * other part arrived, {@code SHIPPED} once every one is on its way or arrived,
     * {@code PARTIALLY_SHIPPED} while some are, else {@code CONFIRMED}.
     */
    public OrderStatus statusOfParts() {
        List<Fulfilment> active = activeParts();
        if (active.stream().allMatch(p -> p.status() == FulfilmentStatus.DELIVERED)) {
            return OrderStatus.DELIVERED;
        }
        if (active.stream().noneMatch(p -> p.status() == FulfilmentStatus.PENDING)) {
            return OrderStatus.SHIPPED;
        }
        return active.stream().anyMatch(p -> p.status() != FulfilmentStatus.PENDING) ? OrderStatus.PARTIALLY_SHIPPED
                : OrderStatus.CONFIRMED;
    }

    /** The lines that still stand: those of parts not cancelled. */
    public List<Item> standingItems() {
        return items.stream().filter(i -> part(i.vendorId()).map(part -> !part.cancelled()).orElse(true)).toList();
    }

    public List<Item> linesOf(UUID vendorId) {
        return items.stream().filter(i -> Objects.equals(i.vendorId(), vendorId)).toList();
    }

    /** What the vendor's lines cost together. */
    public BigDecimal subtotalOf(UUID vendorId) {
        return linesOf(vendorId).stream().map(Item::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
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

    /** The whole order, as its customer and admins see it. */
    public View view() {
        return new View(id, reference, userId, status, statusReason, failureCode, items(items),
                Money.of(subtotal, currency), Money.of(shipping, currency), Money.of(total, currency),
                Money.of(refunded, currency), refundStatus(), currency, shippingAddress, paymentId,
                fulfilments(parts()), createdAt, updatedAt);
    }

    /**
     * The order as one of its vendors sees it: only its own lines and fulfilment, the subtotal of
     * those lines, and where to ship them. The order's totals, payment and refunds are left out:
     * they would tell the vendor what the customer bought from others, and at what price.
     */
    public View vendorView(UUID vendorId) {
        return new View(id, reference, userId, status, statusReason, failureCode, items(linesOf(vendorId)),
                Money.of(subtotalOf(vendorId), currency), null, null, null, null, currency, shippingAddress, null,
                fulfilments(part(vendorId).stream().toList()), createdAt, updatedAt);
    }

    private List<ItemView> items(List<Item> lines) {
        return lines.stream().map(i -> new ItemView(i.productId(), i.variantId(), i.vendorId(), i.name(), i.sku(),
                Money.of(i.unitPrice(), currency), i.quantity(), Money.of(i.lineTotal(), currency))).toList();
    }

    private List<FulfilmentView> fulfilments(List<Fulfilment> parts) {
        // A part with no row of its own has not shipped; in an order that ended before anything
        // shipped, it never will.
        boolean ended = status == OrderStatus.CANCELLED || status == OrderStatus.PAYMENT_FAILED;
        return parts.stream().map(f -> new FulfilmentView(f.vendorId(),
                ended && f.status() == FulfilmentStatus.PENDING ? FulfilmentStatus.CANCELLED : f.status(), f.carrier(),
                f.trackingNumber(), f.shippedAt(), f.deliveredAt(), f.cancelledAt(),
                f.refund() == null ? null : Money.of(f.refund(), currency)))
            .toList();
    }

    /**
     * The API shape of an order.
     *
     * @param refunded what went back of its payment; {@code refundStatus} says whether that is part or all
     * @param items for a vendor only its own lines, and {@code subtotal} their sum; {@code shipping},
     *        {@code total}, {@code refunded}, {@code refundStatus} and {@code paymentId} are then null
     * @param fulfilments one per vendor of its lines (for a vendor only its own): each vendor ships and
     *        delivers its own part, and the order's status follows from them
     */
    public record View(UUID id, String reference, UUID userId,
            OrderStatus status,
            String statusReason, String failureCode,
            List<ItemView> items, Money subtotal, Money shipping, Money total, Money refunded, RefundStatus refundStatus,
            String currency,
            ShippingAddress shippingAddress, UUID paymentId, List<FulfilmentView> fulfilments, Instant createdAt,
            Instant updatedAt) {
    }

    /**
     * One vendor's part: its status, and the carrier and tracking number it shipped with.
     *
     * @param status {@code CANCELLED} also for every part of an order cancelled, or whose payment
     *        failed, before anything shipped
     * @param cancelledAt and {@code refund}: for a part cancelled on its own before it shipped, when,
     *        and what its lines were refunded; null when the whole order was cancelled (its history
     *        and refunds say when and what)
     */
    public record FulfilmentView(UUID vendorId, FulfilmentStatus status, String carrier, String trackingNumber,
            Instant shippedAt, Instant deliveredAt, Instant cancelledAt, Money refund) {
    }

    /** @param variantId the variant bought of a product sold in variants; absent for a product sold as itself */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(UUID productId, UUID variantId, UUID vendorId, String name, String sku, Money unitPrice, int quantity,
            Money lineTotal) {
    }
}
