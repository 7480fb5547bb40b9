package dev.agora.order.order;

/**
 * Where an order is. {@code PENDING} while checkout runs; {@code CONFIRMED} or {@code PAYMENT_FAILED}
 * or {@code CANCELLED} when it ends; then {@code PARTIALLY_SHIPPED} while some of its vendors have
 * shipped their part, {@code SHIPPED} once all have, {@code DELIVERED} once all parts arrived, or
 * {@code REFUNDED} when its payment went back in full. Stored and sent by name.
 */
public enum OrderStatus {
    PENDING, CONFIRMED, PAYMENT_FAILED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, CANCELLED, REFUNDED
}
