package dev.agora.order.order;

/** Where one vendor's part of an order is: not shipped yet, on its way, or with the customer. */
public enum FulfilmentStatus {
    PENDING, SHIPPED, DELIVERED
}
