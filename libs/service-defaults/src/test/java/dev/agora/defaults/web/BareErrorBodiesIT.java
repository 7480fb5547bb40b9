package dev.agora.defaults.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Netty server with the web defaults, spoken to over a raw socket: no client would send these. */
class BareErrorBodiesIT {

    @Configuration(proxyBeanMethods = false)
    static class App {

        @Bean
        RouterFunction<ServerResponse> hello() {
            return RouterFunctions.route().GET("/hello", request -> ServerResponse.ok().bodyValue("hi"))
                .HEAD("/hello", request -> ServerResponse.ok().build()).build();
        }
    }

    private static WebDefaultsServer server;
    private static int port;

    @BeforeAll
    static void start() {
        server = WebDefaultsServer.start(App.class);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends raw bytes and reads until the server closes: each request here ends the connection. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRequestLineOverTheLimitGetsA414Problem() throws IOException {
        String answer = exchange("GET /hello?q=" + "a".repeat(6000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 414").containsIgnoringCase("content-type: application/problem+json")
            .contains("\"type\":\"https://agora.dev/problems/uri-too-long\"", "\"status\":414");
    }

    @Test
    void aMalformedPercentEscapeGetsA400Problem() throws IOException {
        String answer = exchange("GET /hello?q=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
            .contains("\"type\":\"https://agora.dev/problems/bad-request\"");
    }

    @Test
    void headersOverTheLimitGetA431Problem() throws IOException {
        String answer = exchange("GET /hello HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(20 * 1024) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").containsIgnoringCase("content-type: application/problem+json")
            .contains("\"status\":431");
    }

    @Test
    void theConnectionStillServesAfterABareAnswerItKeptOpen() throws IOException {
        String answer = exchange("GET /hello?q=%ZZ HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("HTTP/1.1 200").endsWith("hi");
    }

    @Test
    void aHeadRequestGetsNoBodyEvenWhenItsUriIsMalformed() throws IOException {
        String answer = exchange("HEAD /hello?q=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("problems");
    }
}
