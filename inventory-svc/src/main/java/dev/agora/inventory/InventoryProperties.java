package dev.agora.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reservationTtl a reservation not committed within this is released by the sweeper
 * @param sweepInterval how often expired reservations are looked for
 * @param defaultLowStockThreshold the threshold of a product whose stock is first set without one
 * @param defaultCountry the country (ISO 3166-1 alpha-2) of the main warehouse a vendor gets on its
 *        first stock change, when no admin has set up a location for it; unset, that warehouse's
 *        country is unknown until an admin names it
 */
@ConfigurationProperties("agora.inventory")
public record InventoryProperties(@DefaultValue("15m") Duration reservationTtl, @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("5") int defaultLowStockThreshold, String defaultCountry) {

    public InventoryProperties {
        if (defaultCountry != null && !defaultCountry.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("agora.inventory.default-country must be two capital letters (ISO 3166-1), was "
                    + defaultCountry);
        }
    }
}
