package dev.agora.defaults.web;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharacterFilterTests {

    private final ControlCharacterFilter filter = new ControlCharacterFilter();

    private StepVerifier.FirstStep<Void> filtered(String uri) {
        // Already encoded: the builder's template expansion would encode the % again.
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(uri)));
        return StepVerifier.create(filter.filter(exchange, e -> Mono.empty()));
    }

    @Test
    void refusesANulByteInAQueryParameterNamingTheParameter() {
        filtered("/api/v1/products?q=chair%00&size=5").expectErrorSatisfies(error -> {
            assertThat(error).isInstanceOf(AgoraException.class);
            var problem = ((AgoraException) error).getBody();
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getProperties().get("errors").toString()).contains("field=q");
        }).verify(Duration.ofSeconds(5));
    }

    @Test
    void refusesControlCharactersInThePathAndInParameterNames() {
        filtered("/api/v1/categories/lamps%07").expectError(AgoraException.class).verify(Duration.ofSeconds(5));
        filtered("/api/v1/products?ca%1Bt=x").expectError(AgoraException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void letsOrdinaryTextThrough() {
        filtered("/api/v1/products?q=walnut%20chair&tag=%C3%A9t%C3%A9&category=lighting").verifyComplete();
    }
}
