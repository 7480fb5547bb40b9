package dev.agora.notification.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification as the API shows it.
 *
 * @param status {@code delivered} (in-app), or for emails {@code pending}, {@code sent} or
 *        {@code failed} (dead-lettered)
 * @param attempts for emails: the delivery log, oldest first (empty in lists)
 */
record Notification(UUID id, UUID userId, String channel, String type, String subject, String body, DeliveryStatus status,
        boolean read, Instant createdAt, Instant readAt, Instant sentAt, String recipientEmail, int attemptCount,
        String lastError, List<Attempt> attempts) {

    record Attempt(int attempt, Instant at, boolean succeeded, String error) {
    }

    Notification withAttempts(List<Attempt> log) {
        return new Notification(id, userId, channel, type, subject, body, status, read, createdAt, readAt, sentAt,
                recipientEmail, attemptCount, lastError, log);
    }
}
