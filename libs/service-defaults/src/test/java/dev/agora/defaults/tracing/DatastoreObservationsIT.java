package dev.agora.defaults.tracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.r2dbc.proxy.observation.QueryContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import dev.agora.testsupport.AgoraDatastores;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL and Redis commands, against real PostgreSQL and Redis, are observed (and so traced and timed)
 * when a request or an event sent them, and not when a background look did; SQL only when the
 * request's trace is sampled.
 */
@SpringBootTest(classes = DatastoreObservationsIT.App.class, properties = { "spring.main.web-application-type=none" })
@AgoraDatastores
class DatastoreObservationsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Auto-configured, not scanned: a scan of this package would take the nested configurations of
     *  TracingAutoConfiguration for application ones, ahead of the registry they need. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Started started() {
            return new Started();
        }
    }

    /** Every observation started, as the tracing handler sees them. */
    static final class Started implements ObservationHandler<Observation.Context> {

        final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            contexts.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        <T> List<Observation.Context> of(Class<T> kind) {
            return contexts.stream().filter(kind::isInstance).toList();
        }
    }

    @Autowired
    Started started;

    @Autowired
    ObservationRegistry registry;

    @Autowired
    DatabaseClient db;

    @Autowired
    Tracer tracer;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @BeforeEach
    void warmUp() {
        // The pool's first connection and Redis' handshake are not what is asked about here.
        db.sql("SELECT 1").fetch().rowsUpdated().block(TIMEOUT);
        redis.hasKey("agora:test:warm").block(TIMEOUT);
        started.contexts.clear();
    }

    private <T> T within(Observation parent, Mono<T> work) {
        return work.contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, parent)).block(TIMEOUT);
    }

    @Test
    void aQueryOfARequestIsObservedAsTheRequestsChild() {
        Observation request = Observation.start("request", registry);
        within(request, db.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class)).one());
        request.stop();

        assertThat(started.of(QueryContext.class)).singleElement()
            .satisfies(query -> assertThat(query.getParentObservation()).isSameAs(request));
    }

    @Test
    void aQueryOfARequestWhoseTraceIsNotSampledIsNotObserved() {
        // The caller decided not to sample this trace (traceparent flags 00): none of its spans is exported.
        Span caller = tracer.spanBuilder().setParent(tracer.traceContextBuilder().traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .spanId("00f067aa0ba902b7").sampled(false).build()).start();
        Observation request;
        try (Tracer.SpanInScope scope = tracer.withSpan(caller)) {
            request = Observation.start("request", registry);
        }
        assertThat(within(request, db.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class)).one())).isEqualTo(1);
        request.stop();
        caller.end();

        assertThat(started.of(QueryContext.class)).isEmpty();
    }

    @Test
    void aQueryNoRequestOrEventSentIsNotObserved() {
        assertThat(db.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class)).one().block(TIMEOUT)).isEqualTo(1);

        assertThat(started.of(QueryContext.class)).isEmpty();
    }

    @Test
    void aRedisCommandOfARequestIsObservedAsTheRequestsChild() {
        Observation request = Observation.start("request", registry);
        within(request, redis.opsForValue().set("agora:test:key", "v"));
        request.stop();

        assertThat(started.of(LettuceObservationContext.class)).singleElement()
            .satisfies(command -> assertThat(command.getParentObservation()).isSameAs(request));
    }

    @Test
    void aRedisCommandNoRequestOrEventSentIsNotObserved() {
        assertThat(redis.opsForValue().set("agora:test:key", "v").block(TIMEOUT)).isTrue();

        assertThat(started.of(LettuceObservationContext.class)).isEmpty();
    }
}
