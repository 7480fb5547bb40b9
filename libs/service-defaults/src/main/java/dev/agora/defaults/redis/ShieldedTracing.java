package dev.agora.defaults.redis;

import java.net.SocketAddress;

import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lettuce's tracing, except that ending a span never throws. Cancelling a command ends its span;
 * Lettuce's Micrometer tracing throws there when the span had not started yet ("Span wasn't
 * started", or no {@code Timer$Sample} in the context). Reactor's {@code timeout} cancels the late
 * call before it signals the timeout, so that exception swallowed the signal and the caller waited
 * forever (docs/benchmarks.md, the 504s). A span that fails to end is lost from the trace; nothing else is.
 * <p>
 * And a command that no request or event sent (a consumer's look, a relay's read) is not observed
 * at all: Lettuce would make it a root span, which {@code agoraSpanNoiseFilter} never exports,
 * after timing it and propagating its context for nothing (docs/benchmarks.md, "Idle: what is left").
 */
final class ShieldedTracing implements Tracing {

    private static final Logger log = LoggerFactory.getLogger(ShieldedTracing.class);

    private final Tracing delegate;

    ShieldedTracing(Tracing delegate) {
        this.delegate = delegate;
    }

    Tracing delegate() {
        return delegate;
    }

    @Override
    public TracerProvider getTracerProvider() {
        TracerProvider provider = delegate.getTracerProvider();
        return () -> new ShieldedTracer(provider.getTracer());
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        return delegate.initialTraceContextProvider();
    }

    @Override
    public boolean isEnabled() {
        return delegate.isEnabled();
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return delegate.includeCommandArgsInSpanTags();
    }

    @Override
    public Endpoint createEndpoint(SocketAddress socketAddress) {
        return delegate.createEndpoint(socketAddress);
    }

    private static final class ShieldedTracer extends Tracer {

        private final Tracer delegate;

        ShieldedTracer(Tracer delegate) {
            this.delegate = delegate;
        }

        /** A command outside any trace: not observed (see the class comment). */
        @Override
        public Span nextSpan() {
            return UNTRACED;
        }

        @Override
        public Span nextSpan(TraceContext traceContext) {
            if (traceContext == null || traceContext == TraceContext.EMPTY) {
                return UNTRACED;
            }
            return new ShieldedSpan(delegate.nextSpan(traceContext));
        }
    }

    /** The span of a command no request or event sent: does nothing. */
    private static final Tracer.Span UNTRACED = new Tracer.Span() {

        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
            return this;
        }

        @Override
        public Tracer.Span name(String name) {
            return this;
        }

        @Override
        public Tracer.Span annotate(String value) {
            return this;
        }

        @Override
        public Tracer.Span tag(String key, String value) {
            return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
            return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
            return this;
        }

        @Override
        public void finish() {
        }
    };

    private static final class ShieldedSpan extends Tracer.Span {

        private final Tracer.Span delegate;

        ShieldedSpan(Tracer.Span delegate) {
            this.delegate = delegate;
        }

        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
            delegate.start(command);
            return this;
        }

        @Override
        public Tracer.Span name(String name) {
            delegate.name(name);
            return this;
        }

        @Override
        public Tracer.Span annotate(String value) {
            delegate.annotate(value);
            return this;
        }

        @Override
        public Tracer.Span tag(String key, String value) {
            delegate.tag(key, value);
            return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
            delegate.error(throwable);
            return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
            delegate.remoteEndpoint(endpoint);
            return this;
        }

        @Override
        public void finish() {
            try {
                delegate.finish();
            }
            catch (RuntimeException ex) {
                // Ending a span that never started (a command cancelled before it was written).
                log.debug("A Redis span could not end; it is left out of the trace", ex);
            }
        }
    }
}
