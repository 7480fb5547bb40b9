package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for another Agora service's HTTP API in a service's own tests: canned JSON answers per
 * {@code "METHOD /path"}, 404 for anything else, 401 for {@code /internal/**} without a bearer
 * token (as the real service would). End-to-end tests use the real services instead.
 * <p>
 * A path segment {@code *} matches any one segment, for ids the service under test makes up. A
 * scripted call answers its answers in turn and then keeps answering the last, so a test can say
 * "503, then 201"; an answer may be delayed, to stand for a callee slower than the caller's timeout.
 */
public final class StubServer implements AutoCloseable {

    /** A canned answer with its own response headers (besides the JSON content type), sent after {@code delay}. */
    public record Answer(int status, String json, Duration delay, Map<String, String> headers) {

        public Answer(int status, String json, Duration delay) {
            this(status, json, delay, Map.of());
        }

        public Answer(int status, String json) {
            this(status, json, Duration.ZERO);
        }

        /** This answer with one more response header. */
        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, json, delay, Map.copyOf(more));
        }
    }

    /** A request received: {@code call} is {@code "METHOD /path"}. */
    public record Request(String call, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::handle);
        // A delayed answer must not hold up the others.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /**
     * Answers {@code method path} with {@code status} and the JSON body from now on. A path with a
     * query string matches only that query; one without matches any.
     */
    public StubServer on(String method, String path, int status, String json) {
        return script(method, path, new Answer(status, json));
    }

    /** Answers {@code method path} with each answer in turn, then with the last one from then on. */
    public StubServer script(String method, String path, Answer... sequence) {
        answers.put(method + " " + path, new ArrayDeque<>(List.of(sequence)));
        return this;
    }

    /** Forgets every answer and every request received. */
    public StubServer reset() {
        answers.clear();
        calls.clear();
        requests.clear();
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

    /** Requests received with their bodies, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String call = exchange.getRequestMethod() + " " + path;
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(call);
        requests.add(new Request(call, body));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (path.startsWith("/internal/") && (auth == null || !auth.startsWith("Bearer "))) {
            respond(exchange, new Answer(401, "{}"));
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        Deque<Answer> script = query == null ? null : answers.get(call + "?" + query);
        if (script == null) {
            script = answers.get(call);
        }
        if (script == null) {
            script = answers.entrySet().stream().filter(e -> matches(e.getKey(), call)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        }
        respond(exchange, script == null ? new Answer(404, "{}") : next(script));
    }

    private static Answer next(Deque<Answer> script) {
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    private static boolean matches(String pattern, String call) {
        if (!pattern.contains("*")) {
            return false;
        }
        String[] want = pattern.split("/", -1);
        String[] got = call.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        catch (IOException clientGone) {
            // The caller timed out and hung up, which is what a delayed answer is for.
        }
        finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
