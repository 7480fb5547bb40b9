package dev.agora.order.order;

/**
 * Where one vendor's part of an order is: not shipped yet, on its way, with the customer, or
 * cancelled before it shipped (its lines refunded and restocked).
 */
public enum FulfilmentStatus {
    PENDING, SHIPPED, DELIVERED, CANCELLED
}
