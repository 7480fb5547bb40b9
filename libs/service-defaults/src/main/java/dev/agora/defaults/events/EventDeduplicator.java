package dev.agora.defaults.events;

import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Runs a handler's side effect only for an event not handled before, atomically with recording it.
 * The default stores handled ids in the service's PostgreSQL database; a service on another
 * datastore declares its own bean.
 */
public interface EventDeduplicator {

    /**
     * Runs {@code sideEffect} unless {@code consumer} already handled {@code eventId}; emits whether
     * it ran.
     */
    Mono<Boolean> once(String consumer, UUID eventId, Mono<Void> sideEffect);

    /** Forgets ids handled longer ago than any redelivery could come. */
    default Mono<Void> forgetOlderThan(Duration retention) {
        return Mono.empty();
    }
}
