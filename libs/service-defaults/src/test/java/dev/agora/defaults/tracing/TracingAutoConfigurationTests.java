package dev.agora.defaults.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class TracingAutoConfigurationTests {

    private final Spans spans = new Spans();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
                MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                TracingAutoConfiguration.class))
        .withBean(SpanExporter.class, () -> spans)
        .withPropertyValues("management.tracing.sampling.probability=1.0");

    @Test
    void theConsumersSpanIsTheChildOfTheSpanThatWroteTheEvent() {
        runner.run(context -> {
            EventTracing tracing = context.getBean(EventTracing.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation request = Observation.start("checkout", registry);
            String traceparent = Mono.deferContextual(c -> Mono.justOrEmpty(tracing.traceparent(c)))
                .contextWrite(c -> c.put(ObservationThreadLocalAccessor.KEY, request))
                .block(Duration.ofSeconds(5));
            request.stop();
            assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

            Mono<String> inside = Mono.deferContextual(c -> Mono.justOrEmpty(tracing.traceparent(c)));
            StepVerifier.create(tracing.consume("order.confirmed", "e-1", traceparent, inside))
                .assertNext(seen -> {
                    assertThat(seen.substring(3, 35)).as("same trace").isEqualTo(traceparent.substring(3, 35));
                    assertThat(seen.substring(36, 52)).as("a span of its own").isNotEqualTo(traceparent.substring(36, 52));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));

            SpanData consumed = spans.named(context, "consume order.confirmed");
            assertThat(consumed.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(consumed.getTraceId()).isEqualTo(traceparent.substring(3, 35));
            assertThat(consumed.getParentSpanId()).isEqualTo(traceparent.substring(36, 52));
            assertThat(consumed.getAttributes().asMap().toString()).contains("agora.event.id=e-1");
        });
    }

    @Test
    void theRelaysPublishSpanSitsBetweenTheWriterAndTheConsumer() {
        runner.run(context -> {
            EventTracing tracing = context.getBean(EventTracing.class);
            String writer = "00-" + "a1".repeat(16) + "-" + "b2".repeat(8) + "-01";

            String onTheEntry = tracing.publish("order.confirmed", writer, Mono::justOrEmpty).block(Duration.ofSeconds(5));
            tracing.consume("order.confirmed", "e-3", onTheEntry, Mono.empty()).block(Duration.ofSeconds(5));

            SpanData published = spans.named(context, "publish order.confirmed");
            SpanData consumed = spans.named(context, "consume order.confirmed");
            assertThat(published.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(published.getParentSpanId()).isEqualTo("b2".repeat(8));
            assertThat(consumed.getParentSpanId()).isEqualTo(published.getSpanId());
            assertThat(consumed.getTraceId()).isEqualTo(published.getTraceId()).isEqualTo("a1".repeat(16));
        });
    }

    @Test
    void mongoCommandsAreTracedWhereMongoIsUsed() {
        runner.run(context -> assertThat(context).hasBean("agoraMongoTracing"));
    }

    @Test
    void anEventWithoutATraceIsHandledInANewOne() {
        runner.run(context -> {
            EventTracing tracing = context.getBean(EventTracing.class);
            StepVerifier.create(tracing.consume("user.registered", "e-2", null, Mono.just(1)))
                .expectNext(1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
            assertThat(spans.named(context, "consume user.registered").getParentSpanContext().isValid()).isFalse();
        });
    }

    @Test
    void aFailedHandlingMarksItsSpanAsAnError() {
        runner.run(context -> {
            EventTracing tracing = context.getBean(EventTracing.class);
            StepVerifier.create(tracing.continued("agora.mail.send", "smtp send", null,
                    Mono.error(new IllegalStateException("refused"))))
                .expectErrorMessage("refused")
                .verify(Duration.ofSeconds(5));
            assertThat(spans.named(context, "smtp send").getStatus().getStatusCode().name()).isEqualTo("ERROR");
        });
    }

    @Test
    void probesAndTheDatastoreCommandsOfPollingAreNotExportedButCommandsInsideARequestAre() {
        runner.run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation.createNotStarted("probe", () -> server("/actuator/health/readiness"), registry)
                .contextualName("probe").lowCardinalityKeyValue("uri", "/actuator/health/readiness").start().stop();
            Observation.createNotStarted("lettuce", registry).contextualName("polled xreadgroup")
                .lowCardinalityKeyValue("db.system", "redis").start().stop();
            Observation request = Observation.createNotStarted("http", () -> server("/api/v1/orders"), registry)
                .contextualName("request").lowCardinalityKeyValue("uri", "/api/v1/orders").start();
            Observation.createNotStarted("lettuce", registry).parentObservation(request).contextualName("request get")
                .lowCardinalityKeyValue("db.system", "redis").start().stop();
            request.stop();

            context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
            assertThat(spans.all()).extracting(SpanData::getName).containsExactlyInAnyOrder("request", "request get");
        });
    }

    @Test
    void everyBeanCanBeReplaced() {
        EventTracing tracing = EventTracing.NONE;
        SpanExportingPredicate filter = span -> true;
        MongoClientSettingsBuilderCustomizer mongo = settings -> { };
        runner.withBean(EventTracing.class, () -> tracing)
            .withBean("agoraSpanNoiseFilter", SpanExportingPredicate.class, () -> filter)
            .withBean("agoraMongoTracing", MongoClientSettingsBuilderCustomizer.class, () -> mongo)
            .run(context -> {
                assertThat(context.getBean(EventTracing.class)).isSameAs(tracing);
                assertThat(context.getBean("agoraSpanNoiseFilter")).isSameAs(filter);
                assertThat(context.getBean("agoraMongoTracing")).isSameAs(mongo);
            });
    }

    @Test
    void withoutTracingNothingIsCarried() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
            .run(context -> {
                EventTracing tracing = context.getBean(EventTracing.class);
                StepVerifier.create(Mono.deferContextual(c -> Mono.justOrEmpty(tracing.traceparent(c))))
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
                StepVerifier.create(tracing.consume("t", "e", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01", Mono.just(1)))
                    .expectNext(1)
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
            });
    }

    private static ReceiverContext<Map<String, String>> server(String path) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key), Kind.SERVER);
        context.setCarrier(Map.of());
        return context;
    }

    /** What the platform would export, kept in memory. */
    private static final class Spans implements SpanExporter {

        private final List<SpanData> exported = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        synchronized List<SpanData> all() {
            return List.copyOf(exported);
        }

        SpanData named(ApplicationContext context, String name) {
            context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
            return all().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + all()));
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
