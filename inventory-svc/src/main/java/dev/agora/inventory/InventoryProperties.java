package dev.agora.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reservationTtl a reservation not committed within this is released by the sweeper
 * @param sweepInterval how often expired reservations are looked for
 * @param defaultLowStockThreshold the threshold of a product whose stock is first set without one
 */
@ConfigurationProperties("agora.inventory")
public record InventoryProperties(@DefaultValue("15m") Duration reservationTtl, @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("5") int defaultLowStockThreshold) {
}
