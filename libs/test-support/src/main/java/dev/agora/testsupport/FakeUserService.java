package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for user-svc in another service's tests: publishes the forge's
 * key set, issues service tokens signed by it, and accepts and records internal calls.
 */
public final class FakeUserService implements AutoCloseable {

    private final TokenForge forge;
    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(8,
            Thread.ofPlatform().daemon().name("fake-user-service-", 0).factory());

    public FakeUserService(TokenForge forge) {
        this.forge = forge;
        try {
            // A backlog and threads for bursts: the default (one thread, the system's backlog) refused
            // connections under 50 concurrent reviews, which the caller saw as "user service unavailable".
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(executor);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/.well-known/jwks.json", exchange -> respond(exchange, 200, jwks(forge.kid(), forge.publicKey())));
        server.createContext("/internal/oauth/token", exchange -> respond(exchange, 200,
                "{\"access_token\":\"" + forge.service()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
        server.createContext("/internal/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body
                    + (auth.startsWith("Bearer ") ? " (with token)" : " (no token)"));
            Answer answer = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            respond(exchange, answer == null ? 200 : answer.status(), answer == null ? "{}" : answer.body());
        });
        server.start();
    }

    /** An answer to one internal call, by method and exact path. */
    public record Answer(int status, String body) {
    }

    /** What an internal call answers instead of 200 {@code {}}, e.g. a saved address. */
    public FakeUserService on(String method, String path, int status, String body) {
        answers.put(method + " " + path, new Answer(status, body));
        return this;
    }

    /** Base URL, for {@code agora.services.user.uri}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Internal calls received, as {@code "PUT /internal/... {body} (with token)"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private static String jwks(String kid, RSAPublicKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + b64(key.getModulus()) + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"}]}";
    }

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
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
        executor.shutdownNow();
    }
}
