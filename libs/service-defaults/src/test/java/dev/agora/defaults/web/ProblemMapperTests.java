package dev.agora.defaults.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ProblemMapperTests {

    private final ProblemMapper mapper = new ProblemMapper();
    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/x"));

    private int status(Throwable error) {
        return mapper.toResponse(error, exchange).getStatusCode().value();
    }

    @Test
    void mapsInfrastructureFailuresToGatewayStatuses() {
        assertThat(status(new ConnectException("refused"))).isEqualTo(503);
        assertThat(status(new RuntimeException(new TimeoutException()))).isEqualTo(504);
        assertThat(status(new DataBufferLimitException("big"))).isEqualTo(413);
        assertThat(status(new ResponseStatusException(HttpStatus.NOT_FOUND))).isEqualTo(404);
        // Matched by name: Resilience4j is on the gateway's class path only.
        assertThat(status(new RuntimeException(new BulkheadFullException()))).isEqualTo(503);
    }

    private static final class BulkheadFullException extends RuntimeException {
    }

    private static final class CallNotPermittedException extends RuntimeException {
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsAnUnavailableOrSlowDependencyInOneLineAndABugWithItsStackTrace(CapturedOutput output) {
        // An open breaker answers hundreds of requests a second; a stack trace for each would cost the
        // gateway more CPU than answering, just when it is overloaded.
        assertThat(status(new RuntimeException("breaker open", new CallNotPermittedException()))).isEqualTo(503);
        assertThat(status(new RuntimeException("slow", new TimeoutException()))).isEqualTo(504);
        assertThat(output.getAll()).contains("GET /api/v1/x answered 503", "GET /api/v1/x answered 504")
            .doesNotContain("\tat ", "ERROR");

        assertThat(status(new IllegalStateException("a bug"))).isEqualTo(500);
        assertThat(output.getAll()).contains("ERROR", "GET /api/v1/x failed with 500", "java.lang.IllegalStateException: a bug", "\tat ");
    }

    @Test
    void neverRevealsUnknownErrors() {
        var response = mapper.toResponse(new IllegalStateException("SELECT * FROM users; secret=hunter2"), exchange);
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().toString()).doesNotContain("SELECT", "hunter2", "IllegalStateException");
    }

    @Test
    void domainErrorsKeepTheirWording() {
        var response = mapper.toResponse(AgoraException.conflict("Already there."), exchange);
        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getBody().toString()).contains("Already there.", "/api/v1/x");
    }

    enum Colour {
        DARK_RED, LIGHT_BLUE;

        @JsonValue
        String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Paint(Colour colour) {
    }

    @Test
    void namesTheValuesAnEnumFieldTakes() {
        var bad = catchThrowable(() -> JsonMapper.builder().build().readValue("{\"colour\": \"green\"}", Paint.class));
        var response = mapper.toResponse(new ServerWebInputException("bad body", null, bad), exchange);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().toString()).contains("colour", "must be one of [dark_red, light_blue]");
    }
}
