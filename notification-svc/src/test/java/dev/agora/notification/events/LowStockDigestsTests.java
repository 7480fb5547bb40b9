package dev.agora.notification.events;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LowStockDigestsTests {

    @Test
    void saysTheIntervalInTheLargestWholeUnit() {
        assertThat(LowStockDigests.every(Duration.ofHours(1))).isEqualTo("hour");
        assertThat(LowStockDigests.every(Duration.ofHours(6))).isEqualTo("6 hours");
        assertThat(LowStockDigests.every(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(LowStockDigests.every(Duration.ofDays(1))).isEqualTo("day");
        assertThat(LowStockDigests.every(Duration.ofSeconds(4))).isEqualTo("4 seconds");
        assertThat(LowStockDigests.every(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
