package dev.agora.inventory.reservation;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.agora.inventory.InventoryTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper with more reservations expired than one look takes, as when order-svc was away for
 * longer than their TTL under load; its regular look every hour here, so each pass is the test's.
 */
@TestPropertySource(properties = { "agora.inventory.reservation-ttl=1s", "agora.inventory.sweep-interval=1h" })
class ReservationSweeperIT extends InventoryTestBase {

    @Autowired
    ReservationSweeper sweeper;

    @Test
    void onePassReleasesEveryExpiredReservationNotJustOneLooksWorth() throws InterruptedException {
        UUID product = stocked(250);
        for (int i = 0; i < 250; i++) {
            reserve(UUID.randomUUID(), Map.of(product, 1)).expectStatus().isCreated();
        }
        assertThat(stock(product)).containsEntry("available", 0);
        Thread.sleep(1100); // the last one's TTL

        sweeper.poll().block(Duration.ofSeconds(60));

        assertThat(stock(product)).containsEntry("available", 250).containsEntry("reserved", 0);
    }
}
