package dev.agora.defaults.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Carries a trace across the event streams: the producer's span goes into the envelope as W3C
 * {@code traceparent}, and the consumer's handling runs in a span that continues it, so one checkout
 * is one trace from the gateway through the outbox relay to the mail notification-svc sends.
 */
public final class EventTracing {

    /** The envelope member, and the W3C header, that carries the trace. */
    public static final String TRACEPARENT = "traceparent";

    /** Tracing off: nothing is carried, handling runs unobserved. */
    public static final EventTracing NONE = new EventTracing(ObservationRegistry.NOOP, null);

    private final ObservationRegistry registry;
    private final Propagator propagator;

    public EventTracing(ObservationRegistry registry, Propagator propagator) {
        this.registry = registry;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the span running in this Reactor context, if any. */
    public Optional<String> traceparent(ContextView context) {
        if (propagator == null) {
            return Optional.empty();
        }
        Observation current = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        TracingContext tracing = current == null ? null : current.getContextView().get(TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        if (span == null) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /**
     * Publishes one event in a producer span that continues the writer's trace; {@code publish}
     * gets that span's own {@code traceparent} (or null without tracing) to put on the stream entry.
     */
    public <T> Mono<T> publish(String type, String traceparent, Function<String, Mono<T>> publish) {
        Mono<T> work = Mono.deferContextual(context -> publish.apply(traceparent(context).orElse(null)));
        return continued("agora.event.publish", "publish " + type, traceparent, Kind.PRODUCER, work,
                observation -> observation.lowCardinalityKeyValue("agora.event.type", type));
    }

    /**
     * Runs the handling of one event in a consumer span, the child of the producer's span when the
     * envelope carried one, and the parent of everything the handling does (SQL, calls, mail, events).
     */
    public <T> Mono<T> consume(String type, String eventId, String traceparent, Mono<T> handling) {
        return continued("agora.event.consume", "consume " + type, traceparent, Kind.CONSUMER, handling,
                observation -> observation.lowCardinalityKeyValue("agora.event.type", type)
                    .highCardinalityKeyValue("agora.event.id", eventId));
    }

    /**
     * Runs queued work (a row an earlier request or event left for a poller) in a span that
     * continues the trace that queued it, given its stored {@code traceparent} (or null).
     */
    public <T> Mono<T> continued(String name, String contextualName, String traceparent, Mono<T> work) {
        return continued(name, contextualName, traceparent, Kind.CONSUMER, work, observation -> observation);
    }

    private <T> Mono<T> continued(String name, String contextualName, String traceparent, Kind kind, Mono<T> work,
            UnaryOperator<Observation> tags) {
        return Mono.defer(() -> {
            ReceiverContext<Map<String, String>> receiver = new ReceiverContext<>((carrier, key) -> carrier.get(key), kind);
            receiver.setCarrier(traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent));
            Observation observation = tags.apply(Observation.createNotStarted(name, () -> receiver, registry)
                .contextualName(contextualName));
            return observed(observation, work);
        });
    }

    private static <T> Mono<T> observed(Observation observation, Mono<T> work) {
        observation.start();
        return work.doOnError(observation::error)
            .doFinally(signal -> observation.stop())
            .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
    }
}
