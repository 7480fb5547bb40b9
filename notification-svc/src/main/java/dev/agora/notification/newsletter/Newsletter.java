package dev.agora.notification.newsletter;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A newsletter as admins see it.
 *
 * @param emailed recipients it was queued for by email so far (the delivery itself is in each email's log)
 * @param delivered inboxes it reached so far: every user's, whatever their email choice
 */
record Newsletter(UUID id, String subject, String text, NewsletterStatus status,
        @Schema(description = "emails queued so far") int emailed,
        @Schema(description = "inboxes reached so far") int delivered, UUID createdBy, Instant createdAt,
        @Schema(nullable = true) Instant completedAt) {
}
