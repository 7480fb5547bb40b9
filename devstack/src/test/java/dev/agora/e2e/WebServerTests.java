package dev.agora.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agora.devstack.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/** devstack's web server: the app's files, its routes, and /api passed to a gateway stand-in. */
class WebServerTests {

    @TempDir
    Path dist;

    private HttpServer gateway;
    private WebServer web;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>Agora</title>");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/app-1a2b.js"), "console.log(1)");
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " origin=" + exchange.getRequestHeaders().getFirst("Origin")
                    + " auth=" + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + new String(body, StandardCharsets.UTF_8));
            byte[] answer = "{\"type\":\"https://agora.dev/problems/conflict\",\"status\":409}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().set("X-Request-Id", "r-1");
            exchange.sendResponseHeaders(409, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        gateway.start();
        web = new WebServer(dist, "http://127.0.0.1:" + gateway.getAddress().getPort(), 0).start();
    }

    @AfterEach
    void stop() {
        web.close();
        gateway.stop(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(web.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheAppForItsRoutesAndNeverCachesIt() throws Exception {
        for (String path : List.of("/", "/orders/0193", "/search?q=lamp", "/vendor/import")) {
            var response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("<title>Agora</title>");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'");
        }
    }

    @Test
    void cachesHashedAssetsForAYear() throws Exception {
        var response = get("/assets/app-1a2b.js");
        assertThat(response.body()).isEqualTo("console.log(1)");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void neverServesAFileOutsideTheApp() throws Exception {
        Files.writeString(dist.getParent().resolve("secret.txt"), "do not serve");
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt")) {
            assertThat(rawGet(path)).as(path).doesNotContain("do not serve");
        }
    }

    @Test
    void passesTheApiToTheGatewayAsItIsWithoutThePagesOwnOrigin() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(web.url() + "/api/v1/orders?page=1"))
            .header("Authorization", "Bearer t").header("Content-Type", "application/json")
            .header("Origin", web.url()).POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("r-1");
        assertThat(seen).containsExactly("POST /api/v1/orders?page=1 origin=null auth=Bearer t body={\"a\":1}");
    }

    @Test
    void passesAForeignOriginOnSoTheGatewaysCorsCheckSeesIt() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(web.url() + "/api/v1/products")).header("Origin", "https://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(seen).containsExactly("GET /api/v1/products origin=https://evil.example auth=null body=");
    }

    @Test
    void answers502WhenTheGatewayIsDown() throws Exception {
        gateway.stop(0);
        var response = get("/api/v1/products");
        assertThat(response.statusCode()).isEqualTo(502);
    }

    /** A request line exactly as written: the JDK client would normalise the dots away. */
    private String rawGet(String path) throws IOException {
        URI uri = URI.create(web.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
