package dev.agora.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the public API, as any client of the gateway would use it.
 */
final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1 as browsers and the ALB speak to the platform: the JDK's default h2c upgrade once had
    // Zipkin's answer read as an HTTP/2 frame ("Frame type(112) ... exceeds MAX_FRAME_SIZE").
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Supplier<String> whenStuck;

    Api(String base) {
        this(base, () -> "");
    }

    /**
     * @param whenStuck called when a request gets no answer in time; what it answers (where the
     *        services' thread stacks were written) goes into the failure
     */
    Api(String base, Supplier<String> whenStuck) {
        this.base = base;
        this.whenStuck = whenStuck;
    }

    record Response(int status, HttpHeaders headers, String text) {

        JsonNode json() {
            return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    Response get(String path, String token, String... headers) {
        return send(builder(path, token, headers).GET());
    }

    Response post(String path, String body, String token, String... headers) {
        var builder = builder(path, token, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length == 0 || !String.join(",", headers).contains("Content-Type")) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder);
    }

    Response put(String path, String body, String token) {
        return send(builder(path, token).PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    Response patch(String path, String body, String token) {
        return send(builder(path, token).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"));
    }

    Response delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    private HttpRequest.Builder builder(String path, String token, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        }
        catch (HttpTimeoutException ex) {
            // Which request, and what the services were doing: a bare timeout explains nothing.
            throw new UncheckedIOException(request.method() + " " + request.uri() + " got no answer in "
                    + request.timeout().map(Duration::toString).orElse("time") + "; " + whenStuck.get(), ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
