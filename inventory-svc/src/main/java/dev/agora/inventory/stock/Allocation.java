package dev.agora.inventory.stock;

import java.util.UUID;

/** Units of a reservation line taken from one location. */
public record Allocation(UUID locationId, int quantity) {
}
