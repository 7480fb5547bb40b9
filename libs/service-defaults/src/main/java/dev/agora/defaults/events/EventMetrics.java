package dev.agora.defaults.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code agora.events.*}: handled, failed and dead-lettered counts, pending entries and lag per
 * stream, for dashboards and the dead-letter alert.
 */
final class EventMetrics {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

    EventMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void register(String stream) {
        Gauge.builder("agora.events.pending", pending.computeIfAbsent(stream, s -> new AtomicLong()), AtomicLong::get)
            .tag("stream", stream).description("Entries delivered but not yet acknowledged").register(meters);
        Gauge.builder("agora.events.lag", lagMillis.computeIfAbsent(stream, s -> new AtomicLong()), v -> v.get() / 1000.0)
            .tag("stream", stream).baseUnit("seconds")
            .description("Age of the event handled last; 0 once the stream is drained").register(meters);
        for (String outcome : new String[] { "handled", "duplicate" }) {
            Counter.builder("agora.events.processed").tag("stream", stream).tag("outcome", outcome).register(meters);
        }
        Counter.builder("agora.events.failed").tag("stream", stream).register(meters);
        Counter.builder("agora.events.dead.lettered").tag("stream", stream).register(meters);
    }

    void processed(String stream, String outcome) {
        meters.counter("agora.events.processed", "stream", stream, "outcome", outcome).increment();
    }

    void failed(String stream) {
        meters.counter("agora.events.failed", "stream", stream).increment();
    }

    void deadLettered(String stream) {
        meters.counter("agora.events.dead.lettered", "stream", stream).increment();
    }

    void pending(String stream, long count) {
        pending.get(stream).set(count);
        if (count == 0) {
            lagMillis.get(stream).set(0);
        }
    }

    void lag(String stream, Duration lag) {
        lagMillis.get(stream).set(Math.max(0, lag.toMillis()));
    }
}
