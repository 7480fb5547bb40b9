package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.UUID;

/**
 * An event whose point is a link with a single-use token that only the account's mailbox may see
 * (password reset, email verification): what notification-svc needs to send it.
 */
public interface EmailedLink {

    UUID userId();

    String email();

    String token();

    Instant expiresAt();
}
