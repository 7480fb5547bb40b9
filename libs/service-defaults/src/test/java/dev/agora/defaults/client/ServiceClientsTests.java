package dev.agora.defaults.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.IdempotencyKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a service's client does when the service it calls fails: retries where it may, and a breaker. */
class ServiceClientsTests {

    private HttpServer server;
    /** The statuses the stand-in answers with, in order; 200 once they are used up. */
    private final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApplicationContextRunner runner(String uri) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebClientAutoConfiguration.class,
                    ServiceClientAutoConfiguration.class))
            .withPropertyValues("agora.services.stock.uri=" + uri, "agora.services.other.uri=" + uri, "agora.service-client.resilience.retry-backoff=10ms",
                    "agora.service-client.resilience.minimum-calls=4", "agora.service-client.resilience.sliding-window=4",
                    "agora.service-client.resilience.open-for=60s");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int status(Mono<? extends org.springframework.http.ResponseEntity<?>> call) {
        return call.map(r -> r.getStatusCode().value()).block(Duration.ofSeconds(5));
    }

    @Test
    void readsAreRetriedThroughAnUnavailableAnswer() {
        answers.add(503);
        answers.add(502);
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            assertThat(status(stock.get().uri("/internal/stock/1").retrieve().toBodilessEntity())).isEqualTo(200);
            assertThat(calls).hasValue(3);
        });
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReturnedAsItCame() {
        for (int i = 0; i < 5; i++) {
            answers.add(503);
        }
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            int status = stock.get().uri("/internal/stock/1").exchangeToMono(r -> Mono.just(r.statusCode().value()))
                .block(Duration.ofSeconds(5));
            assertThat(status).isEqualTo(503);
            assertThat(calls).hasValue(3);
        });
    }

    @Test
    void aCallThatIsNotIdempotentIsNeverSentTwice() {
        answers.add(503);
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            int status = stock.post().uri("/internal/reservations").exchangeToMono(r -> Mono.just(r.statusCode().value()))
                .block(Duration.ofSeconds(5));
            assertThat(status).isEqualTo(503);
            assertThat(calls).hasValue(1);
        });
    }

    @Test
    void aCallWithAnIdempotencyKeyMayBeSentAgain() {
        answers.add(503);
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            assertThat(status(stock.post().uri("/internal/reservations").header(IdempotencyKey.HEADER, "order-1")
                .retrieve().toBodilessEntity())).isEqualTo(200);
            assertThat(calls).hasValue(2);
        });
    }

    @Test
    void refusalsAreAnswersNotFailures() {
        for (int i = 0; i < 10; i++) {
            answers.add(409);
        }
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            for (int i = 0; i < 10; i++) {
                stock.post().uri("/internal/reservations").exchangeToMono(r -> r.releaseBody()).block(Duration.ofSeconds(5));
            }
            // Ten 409s leave the breaker closed: the next call goes through.
            assertThat(status(stock.get().uri("/internal/stock/1").retrieve().toBodilessEntity())).isEqualTo(200);
            assertThat(calls).hasValue(11);
        });
    }

    @Test
    void anOpenBreakerFailsCallsAtOnceAsNotSent() {
        for (int i = 0; i < 4; i++) {
            answers.add(500);
        }
        runner(base()).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            for (int i = 0; i < 4; i++) {
                stock.post().uri("/internal/reservations").exchangeToMono(r -> r.releaseBody()).block(Duration.ofSeconds(5));
            }
            int before = calls.get();
            assertThatThrownBy(() -> stock.get().uri("/internal/stock/1").retrieve().toBodilessEntity()
                .block(Duration.ofSeconds(5)))
                .isInstanceOf(WebClientRequestException.class).hasCauseInstanceOf(CallNotPermittedException.class);
            assertThat(calls).as("nothing reached the service").hasValue(before);
            // Another service's breaker is its own.
            WebClient other = context.getBean(ServiceClients.class).of("other");
            assertThat(status(other.get().uri("/internal/other/1").retrieve().toBodilessEntity())).isEqualTo(200);
            assertThat(calls).hasValue(before + 1);
        });
    }

    @Test
    void aReadWithNoConnectionIsTriedAgainThenFails() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        runner("http://127.0.0.1:" + closed).run(context -> {
            WebClient stock = context.getBean(ServiceClients.class).of("stock");
            long start = System.nanoTime();
            assertThatThrownBy(() -> stock.get().uri("/internal/stock/1").retrieve().toBodilessEntity()
                .block(Duration.ofSeconds(10))).isInstanceOf(WebClientRequestException.class);
            // Two retries after 10 ms and 20 ms.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        });
    }
}
