package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.UUID;

/** {@code user.email_verified}: the user followed the link (or an admin vouched for the address). */
public record EmailVerified(UUID userId, String email, Instant verifiedAt) {
}
