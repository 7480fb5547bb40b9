package dev.agora.notification.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(PasswordResetEmails.class);

    private final Notifier notifier;
    private final String resetPage;
    private final Clock clock;

    /** @param resetPage the web app's page that takes the token */
    PasswordResetEmails(Notifier notifier, String resetPage, Clock clock) {
        this.notifier = notifier;
        this.resetPage = resetPage;
        this.clock = clock;
    }

    Mono<Void> handle(ReceivedEvent event) {
        PasswordResetRequested request = event.data(PasswordResetRequested.class);
        // In the fragment, which browsers never send to a server or in a Referer header.
        String link = resetPage + "#token=" + request.token();
        // Rounded to the nearest minute of what is left: a link handled a moment after it was made says 30.
        long minutes = (Duration.between(clock.instant(), request.expiresAt()).toSeconds() + 30) / 60;
        if (minutes < 1) {
            // Delivered too late (the service was down): a link that cannot work would only confuse.
            log.info("Password reset email for user {} not sent: its link expired at {}", request.userId(), request.expiresAt());
            return Mono.empty();
        }
        return notifier.notifyWithSecret(new Notifier.Recipient(request.userId(), request.email()), event.type(),
                Map.of("userId", request.userId().toString(), "expiresAt", request.expiresAt().toString(), "minutes", minutes),
                Map.of("link", link), event.id())
            .then();
    }
}
