package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code user.password_reset_requested}: someone asked for a reset link for this account.
 *
 * @param token the single-use reset token itself (user-svc keeps only its hash): it has to reach the
 *        mailbox, and this event is the only way there. Never log it or store it beyond the email.
 * @param expiresAt when the token stops working
 */
public record PasswordResetRequested(UUID userId, String email, String name, String token, Instant expiresAt)
        implements EmailedLink {

    @Override
    public String toString() {
        return "PasswordResetRequested[userId=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
