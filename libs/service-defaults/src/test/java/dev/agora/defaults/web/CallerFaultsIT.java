package dev.agora.defaults.web;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callers' faults at the HTTP level, on a real Netty server: a request body cut off by a hang-up, a
 * chunked body that is not valid chunking. Theirs, not the server's, so no 5xx in the metrics (the
 * availability SLO counts them) and no warning or error in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallerFaultsIT {

    /** The status each exchange ended with, as the request metrics and access log read it. */
    static final Queue<HttpStatusCode> ANSWERED = new ConcurrentLinkedQueue<>();

    @RestController
    static class Things {

        @PostMapping("/things")
        Mono<String> create(@RequestBody Map<String, Object> thing) {
            return Mono.just(thing.keySet().toString());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Things.class)
    static class App {

        @Bean
        HttpHandlerDecoratorFactory recordAnswers() {
            return handler -> (request, response) -> handler.handle(request, response)
                .doFinally(signal -> ANSWERED.add(response.getStatusCode()));
        }
    }

    @BeforeEach
    void forget() {
        ANSWERED.clear();
    }

    @Test
    void aCallerThatHangsUpMidBodyIsRecordedAs499WithoutAWarning(CapturedOutput output) throws Exception {
        try (WebDefaultsServer server = WebDefaultsServer.start(App.class)) {
            try (RawHttp connection = new RawHttp(server.port(), 10_000)) {
                connection.send("POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 500\r\n\r\n{\"name\":\"half a th");
                Thread.sleep(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !ANSWERED.isEmpty());
            assertThat(ANSWERED).extracting(HttpStatusCode::value).containsExactly(499);
            assertThat(output.getAll()).doesNotContain("answered 503", "AbortedException");
        }
    }

    @Test
    void aChunkedBodyThatIsNotValidChunkingIsThe400TheServerAnsweredNotA500(CapturedOutput output) throws Exception {
        try (WebDefaultsServer server = WebDefaultsServer.start(App.class)) {
            String answer;
            try (RawHttp connection = new RawHttp(server.port(), 10_000)) {
                connection.send("POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
                answer = connection.readToClose();
            }
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ANSWERED.isEmpty());
            assertThat(ANSWERED).extracting(HttpStatusCode::value).containsExactly(400);
            assertThat(output.getAll()).doesNotContain("500 Server Error", "ERROR", "already sent");
        }
    }
}
