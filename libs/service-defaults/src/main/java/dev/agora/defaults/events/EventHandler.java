package dev.agora.defaults.events;

import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * A service's reaction to platform events. The consumer delivers every event of the given types
 * from the given stream to it, at least once; the side effect and the record that this handler
 * handled the event commit in one transaction, so a redelivery is skipped. Each handler of an event
 * has its own transaction: one that fails is retried alone, without undoing or repeating the others.
 * The record is keyed by the handler's bean name, so renaming a handler's bean makes events still
 * pending at the release run again.
 * <p>
 * One way to declare them: {@link #of} beans in a configuration class (a service's
 * {@code *Handlers}), with streams from {@link EventStreams}; the handling itself is a method of
 * the component that owns the side effect.
 */
public interface EventHandler {

    /** The producer's stream, e.g. {@code agora:events:orders}. */
    String stream();

    /** Event types handled; the consumer acknowledges the others unread. */
    Set<String> types();

    /**
     * Performs the side effect. An error leaves the event pending: it is delivered again after
     * {@code agora.events.claim-idle} and dead-lettered after {@code agora.events.max-deliveries}.
     */
    Mono<Void> handle(ReceivedEvent event);

    /**
     * A handler from its parts:
     * {@code EventHandler.of(EventStreams.ORDERS, Set.of("order.confirmed"), notifications::handle)}.
     */
    static EventHandler of(String stream, Set<String> types, Function<ReceivedEvent, Mono<Void>> handle) {
        Set<String> copy = Set.copyOf(types);
        return new EventHandler() {
            @Override
            public String stream() {
                return stream;
            }

            @Override
            public Set<String> types() {
                return copy;
            }

            @Override
            public Mono<Void> handle(ReceivedEvent event) {
                return handle.apply(event);
            }

            @Override
            public String toString() {
                return "EventHandler[" + stream + " " + copy + "]";
            }
        };
    }
}
