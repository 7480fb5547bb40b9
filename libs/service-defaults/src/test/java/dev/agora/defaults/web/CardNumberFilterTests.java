package dev.agora.defaults.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumberFilterTests {

    @Test
    void findsCardNumbersPlainGroupedAndAsJsonNumbers() {
        assertThat(CardNumberFilter.containsCardNumber("{\"pm\":\"4242424242424242\"}")).isTrue();
        assertThat(CardNumberFilter.containsCardNumber("{\"n\":\"4000 0566 5566 5556\"}")).isTrue();
        assertThat(CardNumberFilter.containsCardNumber("{\"n\":\"5555-5555-5555-4444\"}")).isTrue();
        assertThat(CardNumberFilter.containsCardNumber("{\"n\":378282246310005}")).isTrue();
    }

    @Test
    void leavesIdsAmountsAndNonLuhnDigitsAlone() {
        assertThat(CardNumberFilter.containsCardNumber("{\"id\":\"12345678-1234-1234-1234-123456789012\"}")).isFalse();
        assertThat(CardNumberFilter.containsCardNumber("{\"amount\":\"123456789012345.00\"}")).isFalse();
        assertThat(CardNumberFilter.containsCardNumber("{\"n\":\"4242424242424241\"}")).isFalse();
        assertThat(CardNumberFilter.containsCardNumber("{\"phone\":\"+1 555 0100\"}")).isFalse();
        assertThat(CardNumberFilter.containsCardNumber("{\"n\":\"42424242424242424242424\"}")).isFalse();
    }

    @Test
    void isOnlyOnWhenAServiceAsksForIt() {
        var runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebDefaultsAutoConfiguration.class,
                    org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(CardNumberFilter.class));
        runner.withPropertyValues("agora.web.refuse-card-numbers=true")
            .run(context -> assertThat(context).hasSingleBean(CardNumberFilter.class));
    }

    @Test
    void letsExemptPathsThroughAndRefusesEverywhereElse() {
        var filter = new CardNumberFilter(new WebDefaultsProperties(DataSize.ofMegabytes(1), true, List.of(),
                DataSize.ofMegabytes(64), true, List.of("/api/v1/orders/*/fulfilments/*")));
        String body = "{\"trackingNumber\":\"JD0146000012345\"}";
        AtomicInteger passed = new AtomicInteger();
        WebFilterChain chain = exchange -> Mono.fromRunnable(passed::incrementAndGet);

        StepVerifier.create(filter.filter(MockServerWebExchange.from(MockServerHttpRequest.patch("/api/v1/orders/1/fulfilments/2")
                .contentType(MediaType.APPLICATION_JSON).body(body)), chain)).expectComplete().verify(Duration.ofSeconds(5));
        assertThat(passed).hasValue(1);
        StepVerifier.create(filter.filter(MockServerWebExchange.from(MockServerHttpRequest.patch("/api/v1/orders/1/status")
                .contentType(MediaType.APPLICATION_JSON).body(body)), chain))
            .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(AgoraException.class)
                .hasMessageContaining("card numbers"))
            .verify(Duration.ofSeconds(5));
        assertThat(passed).hasValue(1);
    }
}
