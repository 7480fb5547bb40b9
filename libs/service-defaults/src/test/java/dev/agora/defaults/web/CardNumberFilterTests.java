package dev.agora.defaults.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

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
}
