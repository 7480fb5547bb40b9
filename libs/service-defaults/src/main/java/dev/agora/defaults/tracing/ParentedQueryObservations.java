package dev.agora.defaults.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.proxy.observation.ObservationProxyExecutionListener;
import reactor.util.context.ContextView;

/**
 * R2DBC's query observations, only for queries that a request or an event caused, in a trace that
 * is sampled: those whose Reactor context (or thread) holds an observation. A query of a background look (an outbox relay,
 * saga recovery, a sweeper) has none. Its span would be a root, which {@code agoraSpanNoiseFilter}
 * never exports, yet making, timing and dropping it cost about a tenth of the platform's idle CPU
 * (docs/benchmarks.md, "Idle: what is left"). An {@code ObservationPredicate} cannot tell the two
 * apart: the listener sets the parent after the predicate has run.
 */
final class ParentedQueryObservations implements ProxyExecutionListener {

    private final ObservationProxyExecutionListener delegate;
    private final ObservationRegistry registry;

    ParentedQueryObservations(ObservationProxyExecutionListener delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void beforeQuery(QueryExecutionInfo execution) {
        Observation parent = parent(execution);
        if (parent != null && sampled(parent)) {
            delegate.beforeQuery(execution);
        }
    }

    /**
     * False only when the parent's trace is known to be unsampled. Then the query's span would never
     * be exported, and observing it cost a tenth of checkout's CPU for nothing (docs/benchmarks.md,
     * "Where checkout's time goes"). So the {@code r2dbc.query} timers time sampled traces' queries.
     */
    private static boolean sampled(Observation parent) {
        TracingObservationHandler.TracingContext tracing = parent.getContextView().get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        return span == null || !Boolean.FALSE.equals(span.context().sampled());
    }

    /** Where the delegate looks for its parent, in the same order. */
    private Observation parent(QueryExecutionInfo execution) {
        ContextView context = execution.getValueStore().get(ContextView.class, ContextView.class);
        Observation parent = context == null ? null : context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        return parent != null ? parent : registry.getCurrentObservation();
    }

    // The delegate ends only the observations it started: after a query it skipped, these find none.

    @Override
    public void afterQuery(QueryExecutionInfo execution) {
        delegate.afterQuery(execution);
    }

    @Override
    public void eachQueryResult(QueryExecutionInfo execution) {
        delegate.eachQueryResult(execution);
    }

    @Override
    public void beforeMethod(MethodExecutionInfo execution) {
        delegate.beforeMethod(execution);
    }

    @Override
    public void afterMethod(MethodExecutionInfo execution) {
        delegate.afterMethod(execution);
    }
}
