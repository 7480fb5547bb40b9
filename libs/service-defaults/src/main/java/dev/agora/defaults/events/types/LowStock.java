package dev.agora.defaults.events.types;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code inventory.low_stock}: available stock fell below the threshold.
 *
 * @param vendorId the vendor to tell, null for stock product-svc knew no vendor for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LowStock(UUID productId, UUID vendorId, int available, int threshold) {
}
