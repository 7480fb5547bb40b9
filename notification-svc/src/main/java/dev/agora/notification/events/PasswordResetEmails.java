package dev.agora.notification.events;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.PasswordResetRequested;
import dev.agora.notification.inbox.Notifier;

/**
 * {@code user.password_reset_requested}: the reset link, by email only, to the address the account
 * had when the link was asked for. The token goes into the link and nowhere else: not into the
 * stored data, not into the inbox, not into a log line.
 */
class PasswordResetEmails {

    private final Notifier notifier;
    private final String resetPage;

    PasswordResetEmails(Notifier notifier, String webUrl) {
        this.notifier = notifier;
        this.resetPage = webUrl.replaceAll("/+$", "") + "/reset-password";
    }

    Mono<Void> handle(ReceivedEvent event) {
        PasswordResetRequested request = event.data(PasswordResetRequested.class);
        // In the fragment, which browsers never send to a server or in a Referer header.
        String link = resetPage + "#token=" + request.token();
        // Rounded: a link made 30 minutes before it expires says 30 even if the event left a moment later.
        long minutes = Math.max(1, (Duration.between(event.occurredAt(), request.expiresAt()).toSeconds() + 30) / 60);
        return notifier.notifyWithSecret(new Notifier.Recipient(request.userId(), request.email()), event.type(),
                Map.of("userId", request.userId().toString(), "expiresAt", request.expiresAt().toString(), "minutes", minutes),
                Map.of("link", link), event.id())
            .then();
    }
}
