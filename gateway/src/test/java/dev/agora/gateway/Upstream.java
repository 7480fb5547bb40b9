package dev.agora.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.security.JwkSets;
import dev.agora.testsupport.TokenForge;

/**
 * A real HTTP server standing in for a service: serves the forge's JWKS and echoes, as JSON, the
 * method, path and headers each request arrived with. Can be stopped and restarted on its port.
 */
final class Upstream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenForge forge;
    private final int port;
    private final AtomicInteger hits = new AtomicInteger();
    private final java.util.Set<reactor.netty.Connection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private DisposableServer server;

    Upstream(TokenForge forge, int port) {
        this.forge = forge;
        this.port = port;
        start();
    }

    synchronized void start() {
        server = HttpServer.create().host("127.0.0.1").port(port)
            .doOnConnection(connections::add)
            .route(routes -> routes
            .get("/.well-known/jwks.json", (req, res) -> res.header("Content-Type", "application/json")
                .sendString(Mono.just(JwkSets.toJson(Map.of(forge.kid(), forge.publicKey())))))
            .get("/api/v1/users/slow", (req, res) -> res.sendString(Mono.delay(Duration.ofSeconds(8)).thenReturn("late")))
            .route(req -> true, (req, res) -> {
                hits.incrementAndGet();
                Map<String, Object> echo = new LinkedHashMap<>();
                echo.put("method", req.method().name());
                echo.put("path", req.uri());
                Map<String, String> headers = new LinkedHashMap<>();
                req.requestHeaders().forEach(e -> headers.merge(e.getKey().toLowerCase(), e.getValue(), (a, b) -> a + "|" + b));
                echo.put("headers", headers);
                // Every service echoes the request id it was sent (RequestIdFilter), so this does too.
                String requestId = req.requestHeaders().get("X-Request-Id");
                if (requestId != null) {
                    res.header("X-Request-Id", requestId);
                }
                return res.header("Content-Type", "application/json").sendString(Mono.just(JSON.writeValueAsString(echo)));
            }))
            .bindNow();
    }

    /** Stops listening and drops open keep-alive connections, as a crashed process would. */
    synchronized void stop() {
        server.disposeNow();
        connections.forEach(reactor.netty.Connection::dispose);
        connections.clear();
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        stop();
    }
}
