package dev.agora.order.order;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Runs an order's pending compensation (refund, restock) now instead of waiting for recovery. The
 * order package says what it needs when a cancellation takes money back; the saga package, which
 * depends on orders, provides it (no cycle).
 */
public interface Compensations {

    /** Drives the order's saga until it is done or must wait; the caller holds its lease. */
    Mono<Void> drive(UUID orderId);

    /**
     * Has recovery look for orders handed to it (no lease, a step to run) once the current
     * transaction commits, instead of at its next scheduled look.
     */
    Mono<Void> recoverAfterCommit();
}
