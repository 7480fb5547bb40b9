package dev.agora.defaults.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import dev.agora.defaults.web.RequestIdFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outgoing calls carry the request id, and internal calls a cached service token.
 */
class ServiceClientTests {

    private HttpServer server;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/oauth/token", exchange -> {
            tokenRequests.incrementAndGet();
            seen.add("token auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, "{\"access_token\":\"svc-token\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        });
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                    + " rid=" + exchange.getRequestHeaders().getFirst("X-Request-Id"));
            respond(exchange, "{}");
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void internalAndMarkedCallsGetOneCachedServiceTokenAndEveryCallTheRequestId() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebClientAutoConfiguration.class,
                    ServiceClientAutoConfiguration.class))
            .withPropertyValues("agora.service-client.token-uri=" + base + "/internal/oauth/token",
                    "agora.service-client.client-id=order-svc", "agora.service-client.client-secret=s3cret-s3cret")
            .run(context -> {
                WebClient client = context.getBean(WebClient.Builder.class).baseUrl(base).build();
                for (int i = 0; i < 3; i++) {
                    client.get().uri("/internal/orders/1").retrieve().toBodilessEntity()
                        .contextWrite(ctx -> ctx.put(RequestIdFilter.CONTEXT_KEY, "rid-123456"))
                        .block(Duration.ofSeconds(5));
                }
                client.get().uri("/api/v1/products").retrieve().toBodilessEntity().block(Duration.ofSeconds(5));
                client.get().uri("/api/v1/payments/order/1").attribute(ServiceTokenClient.AS_SERVICE, true).retrieve()
                    .toBodilessEntity().block(Duration.ofSeconds(5));
            });
        assertThat(tokenRequests).hasValue(1);
        assertThat(seen).contains("token auth=Basic b3JkZXItc3ZjOnMzY3JldC1zM2NyZXQ=")
            .contains("/internal/orders/1 auth=Bearer svc-token rid=rid-123456")
            .contains("/api/v1/products auth=null rid=null")
            .contains("/api/v1/payments/order/1 auth=Bearer svc-token rid=null");
    }
}
