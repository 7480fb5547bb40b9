package dev.agora.defaults.client;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import dev.agora.defaults.web.AgoraException;
import dev.agora.testsupport.StubServer;

import static org.assertj.core.api.Assertions.assertThat;

class InternalApiTests {

    record Thing(String id) {
    }

    private final StubServer server = new StubServer();
    private final WebClient client = WebClient.builder().baseUrl(server.url())
        .defaultHeader("Authorization", "Bearer service-token").build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersTheBodyNothingFor404AndA503ForAnythingElse() {
        server.on("GET", "/internal/things/1", 200, "{\"id\":\"1\"}").on("GET", "/internal/things/3", 500, "{}");
        StepVerifier.create(InternalApi.find(client, "thing service", Thing.class, "/internal/things/{id}", 1))
            .expectNext(new Thing("1")).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(InternalApi.find(client, "thing service", Thing.class, "/internal/things/{id}", 2))
            .expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(InternalApi.find(client, "thing service", Thing.class, "/internal/things/{id}", 3))
            .expectErrorSatisfies(ex -> {
                assertThat(ex).isInstanceOf(AgoraException.class);
                assertThat(((AgoraException) ex).getStatusCode().value()).isEqualTo(503);
                assertThat(((AgoraException) ex).getBody().getDetail()).contains("thing service");
            })
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void aServiceThatIsDownIsA503Too() {
        WebClient nowhere = WebClient.builder().baseUrl("http://127.0.0.1:1").build();
        StepVerifier.create(InternalApi.find(nowhere, "thing service", Thing.class, "/internal/things/{id}", 1))
            .expectErrorSatisfies(ex -> assertThat(((AgoraException) ex).getStatusCode().value()).isEqualTo(503))
            .verify(Duration.ofSeconds(5));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsWhyItAnsweredUnavailable(CapturedOutput output) {
        server.on("GET", "/internal/things/3", 502, "{}");
        StepVerifier.create(InternalApi.find(client, "thing service", Thing.class, "/internal/things/{id}", 3))
            .expectError(AgoraException.class).verify(Duration.ofSeconds(5));
        WebClient nowhere = WebClient.builder().baseUrl("http://127.0.0.1:1").build();
        StepVerifier.create(InternalApi.find(nowhere, "thing service", Thing.class, "/internal/things/{id}", 1))
            .expectError(AgoraException.class).verify(Duration.ofSeconds(5));

        assertThat(output.getAll()).contains("GET /internal/things/{id} at the thing service answered 502")
            .containsPattern("GET /internal/things/\\{id\\} at the thing service failed: .*Connection refused");
    }
}
