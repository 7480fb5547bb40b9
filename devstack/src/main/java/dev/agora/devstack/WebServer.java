package dev.agora.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The web app under {@code make run} and in the browser tests: the built files of {@code frontend/dist}
 * (any other path gets {@code index.html}, the app routes it) and {@code /api/*} passed to the gateway,
 * as the ALB does in a cluster, so the app talks to its own origin and needs no CORS.
 */
public final class WebServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"), Map.entry("json", "application/json"),
            Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"));
    // Hop-by-hop headers and those the JDK client sets itself.
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "expect", "te", "trailer", "proxy-connection", "http2-settings");
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob: https: http://localhost:*; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private final HttpServer server;
    private final Path root;
    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();

    public WebServer(Path root, String gateway, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.gateway = gateway;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    public WebServer start() {
        server.start();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getRawPath().startsWith("/api/")) {
                proxy(exchange);
            }
            else {
                serve(exchange, exchange.getRequestURI().getPath());
            }
        }
    }

    private void serve(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed".getBytes());
            return;
        }
        // The decoded path, normalised: "..", encoded or not, can only end outside the root, which serves index.html.
        Path file;
        try {
            file = root.resolve(path.substring(1)).normalize();
        }
        catch (InvalidPathException ex) {
            file = root;
        }
        boolean asset = file.startsWith(root) && Files.isRegularFile(file);
        if (!asset) {
            file = root.resolve("index.html");
        }
        String name = file.getFileName().toString();
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT),
                "application/octet-stream");
        var headers = exchange.getResponseHeaders();
        // Vite puts a content hash in every name under assets/, so those never change; index.html always may.
        headers.set("Cache-Control", asset && path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        byte[] body = Files.readAllBytes(file);
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Type", type);
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        send(exchange, 200, type, body);
    }

    private void proxy(HttpExchange exchange) throws IOException {
        try {
            forward(exchange);
        }
        catch (IOException ex) {
            // The gateway is down or did not answer in time (the browser going away ends here too).
            if (exchange.getResponseCode() == -1) {
                send(exchange, 502, "text/plain; charset=utf-8", "The gateway did not answer.".getBytes());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
            .timeout(Duration.ofSeconds(60));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !sameOrigin(name, values, exchange)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /**
     * The page's own Origin header: the app and /api are one origin here, as behind the ALB (which
     * keeps the Host, so the gateway sees a same-origin request). Passed on, it would look cross-origin
     * to the gateway's CORS check, because this proxy does not keep the Host.
     */
    private static boolean sameOrigin(String name, List<String> values, HttpExchange exchange) {
        if (!name.equalsIgnoreCase("Origin") || values.size() != 1) {
            return false;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host != null && values.getFirst().equals("http://" + host);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
