package dev.agora.defaults.redis;

import io.lettuce.core.tracing.MicrometerTracing;
import io.lettuce.core.tracing.Tracer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShieldedTracingTests {

    private static MicrometerTracing lettuceTracing() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        return new MicrometerTracing(registry, "Redis");
    }

    @Test
    void lettucesMicrometerSpanThrowsWhenEndedBeforeItStarted() {
        // What a command cancelled before it was written does; if this stops throwing, Lettuce fixed it.
        Tracer.Span span = lettuceTracing().getTracerProvider().getTracer().nextSpan();
        assertThatThrownBy(span::finish).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aShieldedSpanEndsQuietlyWhetherOrNotItStarted() {
        Tracer.Span span = new ShieldedTracing(lettuceTracing()).getTracerProvider().getTracer().nextSpan();
        assertThatCode(span::finish).doesNotThrowAnyException();
    }
}
