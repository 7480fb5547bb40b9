package dev.agora.order.order;

/**
 * Where an order is. {@code PENDING} while checkout runs; {@code CONFIRMED} or {@code PAYMENT_FAILED}
 * or {@code CANCELLED} when it ends; then {@code SHIPPED}, {@code DELIVERED}, or {@code REFUNDED} when
 * its payment went back in full. Stored and sent by name.
 */
public enum OrderStatus {
    PENDING, CONFIRMED, PAYMENT_FAILED, SHIPPED, DELIVERED, CANCELLED, REFUNDED
}
