package dev.agora.order.checkout;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentMethodsTests {

    @Test
    void keepsAnAnswerForItsMaxAge() {
        assertThat(PaymentMethods.maxAge("private, max-age=60")).isEqualTo(Duration.ofSeconds(60));
        assertThat(PaymentMethods.maxAge("Public, MAX-AGE=5")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void neverKeepsAnAnswerThatSaysNothingOrForbidsIt() {
        assertThat(PaymentMethods.maxAge(null)).isZero();
        assertThat(PaymentMethods.maxAge("private")).isZero();
        assertThat(PaymentMethods.maxAge("max-age=60, no-store")).isZero();
        assertThat(PaymentMethods.maxAge("no-cache, max-age=60")).isZero();
        assertThat(PaymentMethods.maxAge("max-age=soon")).isZero();
        assertThat(PaymentMethods.maxAge("max-age=-5")).isZero();
    }

    @Test
    void keepsAnAnswerADayAtMostWhateverItSays() {
        assertThat(PaymentMethods.maxAge("max-age=31536000")).isEqualTo(PaymentMethods.LONGEST);
        assertThat(PaymentMethods.maxAge("max-age=99999999999999999999")).isZero();
    }
}
