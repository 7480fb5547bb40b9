package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code user.email_verification_requested}: a new account, or its owner asking again, needs the
 * link that proves the address.
 *
 * @param token the single-use verification token itself (user-svc keeps only its hash): it has to
 *        reach the mailbox, and this event is the only way there. Never log it or store it beyond the email.
 * @param expiresAt when the token stops working
 */
public record EmailVerificationRequested(UUID userId, String email, String name, String token, Instant expiresAt)
        implements EmailedLink {

    @Override
    public String toString() {
        return "EmailVerificationRequested[userId=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
