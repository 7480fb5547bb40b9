package dev.agora.defaults.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests no handler can use, on a real Netty server: each a 400 problem, never the server's 500. */
class MalformedRequestsIT {

    @RestController
    static class Things {

        @GetMapping("/things/{id}")
        Mono<String> thing(@PathVariable UUID id) {
            return Mono.just(id.toString());
        }

        @PostMapping("/things")
        Mono<String> create(@RequestBody Map<String, Object> thing) {
            return Mono.just(thing.keySet().toString());
        }

        @GetMapping("/things/{id}/parts/{number}")
        Mono<String> part(@PathVariable UUID id, @PathVariable Long number) {
            return Mono.just(id + "/" + number);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Things.class)
    static class App {
    }

    private static WebDefaultsServer server;
    private static int port;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebDefaultsServer.start(App.class);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String contentType, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things"))
            .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertBadParameter(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(parameter);
    }

    @Test
    void refusesABlankIdWhichConvertsToNothingAsABadRequestNotAServerError() throws Exception {
        // "%20" decodes to " ", which Spring's converters turn into null: the framework then reports a
        // missing path variable, which it counts as its own fault (500).
        assertBadParameter(get("/things/%20"), "id");
        assertBadParameter(get("/things/%20%20%09"), "id");
        assertBadParameter(get("/things/" + UUID.randomUUID() + "/parts/%20"), "number");
    }

    @Test
    void refusesAMalformedIdAndServesAGoodOne() throws Exception {
        assertBadParameter(get("/things/not-a-uuid"), "id");
        UUID id = UUID.randomUUID();
        HttpResponse<String> ok = get("/things/" + id + "/parts/7");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(id + "/7");
    }

    @Test
    void refusesAContentTypeThatIsNoMediaTypeAsABadRequest() throws Exception {
        // Parsing the header threw in the filters that look at it first, before any handler: a 500.
        for (String type : new String[] { "multipart/form-data; boundary=", "application/json; charset=", "application/", "/",
                "multipart/form-data; boundary=\"" }) {
            for (String body : new String[] { "", "{}" }) {
                HttpResponse<String> response = post(type, body);
                assertThat(response.statusCode()).as(type + " with " + body.length() + " bytes: " + response.body()).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        value -> assertThat(value).startsWith("application/problem+json"));
                assertThat(response.body()).contains("Content-Type");
            }
        }
        HttpResponse<String> ok = post("application/json", "{\"a\": 1}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("[a]");
    }
}
