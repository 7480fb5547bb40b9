package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for another Agora service's HTTP API in a service's own tests: canned JSON answers per
 * {@code "METHOD /path"}, 404 for anything else, 401 for {@code /internal/**} without a bearer
 * token (as the real service would). End-to-end tests use the real services instead.
 */
public final class StubServer implements AutoCloseable {

    /** A canned answer. */
    public record Answer(int status, String json) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Answers {@code method path} with {@code status} and the JSON body from now on. A path with a
     * query string matches only that query; one without matches any.
     */
    public StubServer on(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Answer(status, json));
        return this;
    }

    /** Base URL, for {@code agora.services.<name>.uri}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests received, as {@code "METHOD /path"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String call = exchange.getRequestMethod() + " " + path;
        calls.add(call);
        exchange.getRequestBody().readAllBytes();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (path.startsWith("/internal/") && (auth == null || !auth.startsWith("Bearer "))) {
            respond(exchange, 401, "{}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        Answer answer = query == null ? null : answers.get(call + "?" + query);
        if (answer == null) {
            answer = answers.getOrDefault(call, new Answer(404, "{}"));
        }
        respond(exchange, answer.status(), answer.json());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
