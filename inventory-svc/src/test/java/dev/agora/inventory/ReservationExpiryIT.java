package dev.agora.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reservations never committed within their TTL are released by the sweeper. */
@TestPropertySource(properties = { "agora.inventory.reservation-ttl=2s", "agora.inventory.sweep-interval=200ms" })
class ReservationExpiryIT extends InventoryTestBase {

    @Test
    void releasesReservationsNeverCommittedWithinTheTtl() {
        UUID product = stocked(3);
        UUID order = UUID.randomUUID();
        reserve(order, Map.of(product, 3)).expectStatus().isCreated();
        assertThat(stock(product)).containsEntry("available", 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(3).equals(stock(product).get("available")));
        http.get().uri("/internal/reservations/{id}", order).headers(h -> h.setBearerAuth(service()))
            .exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("released")
            .jsonPath("$.reason").isEqualTo("expired: not committed in time");
        http.post().uri("/internal/reservations/{id}/commit", order).headers(h -> h.setBearerAuth(service())).exchange()
            .expectStatus().isEqualTo(409);
    }

    @Test
    void aRetriedReserveOfAnExpiredReservationIsAnsweredAsExpiredNotReplayed() {
        UUID product = stocked(2);
        UUID order = UUID.randomUUID();
        reserve(order, Map.of(product, 2)).expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(2).equals(stock(product).get("available")));
        // The same request again (order-svc retrying after it never heard the answer) must not read as held stock.
        reserve(order, Map.of(product, 2))
            .expectStatus().isEqualTo(409)
            .expectBody()
            .jsonPath("$.type").isEqualTo("https://agora.dev/problems/reservation-expired")
            .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("expired: not committed in time"));
        assertThat(stock(product)).containsEntry("available", 2).containsEntry("reserved", 0);
    }
}
