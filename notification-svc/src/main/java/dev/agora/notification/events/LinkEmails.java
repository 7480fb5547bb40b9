package dev.agora.notification.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.EmailedLink;
import dev.agora.notification.inbox.Notifier;

/**
 * Events whose point is a single-use link (a password reset, an email verification): the link, by
 * email only, to the address the account had when it was asked for. The token goes into the link
 * and nowhere else: not into the stored data, not into the inbox, not into a log line.
 */
class LinkEmails {

    private static final Logger log = LoggerFactory.getLogger(LinkEmails.class);

    private final Notifier notifier;
    private final Class<? extends EmailedLink> type;
    private final String page;
    private final Clock clock;

    /**
     * @param type the event's data
     * @param page the web app's page that takes the token
     */
    LinkEmails(Notifier notifier, Class<? extends EmailedLink> type, String page, Clock clock) {
        this.notifier = notifier;
        this.type = type;
        this.page = page;
        this.clock = clock;
    }

    Mono<Void> handle(ReceivedEvent event) {
        EmailedLink request = event.data(type);
        // In the fragment, which browsers never send to a server or in a Referer header.
        String link = page + "#token=" + request.token();
        // Rounded to the nearest minute of what is left: a link handled a moment after it was made says 30.
        long minutes = (Duration.between(clock.instant(), request.expiresAt()).toSeconds() + 30) / 60;
        if (minutes < 1) {
            // Delivered too late (the service was down): a link that cannot work would only confuse.
            log.info("{} email for user {} not sent: its link expired at {}", event.type(), request.userId(),
                    request.expiresAt());
            return Mono.empty();
        }
        return notifier.notifyWithSecret(new Notifier.Recipient(request.userId(), request.email()), event.type(),
                Map.of("userId", request.userId().toString(), "expiresAt", request.expiresAt().toString(), "minutes", minutes,
                        "hours", (minutes + 30) / 60),
                Map.of("link", link), event.id())
            .then();
    }
}
