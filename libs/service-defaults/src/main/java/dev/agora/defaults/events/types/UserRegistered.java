package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.UUID;

/** {@code user.registered}: a new account; notification-svc keeps the address, analytics counts it. */
public record UserRegistered(UUID userId, String email, String name, Instant registeredAt) {
}
