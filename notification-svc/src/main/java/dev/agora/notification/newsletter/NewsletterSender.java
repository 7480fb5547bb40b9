package dev.agora.notification.newsletter;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.PollingLoop;
import dev.agora.defaults.r2dbc.PgNotifications;
import dev.agora.notification.NotificationProperties;
import dev.agora.notification.inbox.Notifier;

/**
 * Hands newsletters to their recipients in batches of users, in user id order. A batch's messages
 * and the newsletter's progress commit in one transaction, locked with {@code SKIP LOCKED}: a crash
 * repeats the batch and nothing else, and two instances never hand one user the same newsletter.
 */
@Component
class NewsletterSender extends PollingLoop {

    /** The notification type, and the folder of its templates. */
    static final String TYPE = "newsletter";

    private static final int BATCH = 100;
    /** Batches per pass, so one long newsletter yields to the loop's other ticks now and then. */
    private static final int BATCHES_PER_PASS = 50;

    private static final Logger log = LoggerFactory.getLogger(NewsletterSender.class);

    private final NewsletterRepository newsletters;
    private final Notifier notifier;
    private final TransactionalOperator tx;
    private final NotificationProperties properties;
    private final Clock clock;
    private final ConnectionFactory connections;

    NewsletterSender(NewsletterRepository newsletters, Notifier notifier, TransactionalOperator tx,
            NotificationProperties properties, Clock clock, ConnectionFactory connections) {
        // Woken by each new newsletter (db/migration V8): the look once a minute only catches a lost notice,
        // or a newsletter a crashed instance left half sent.
        super(Duration.ofSeconds(2), Duration.ofMinutes(1));
        this.connections = connections;
        this.newsletters = newsletters;
        this.notifier = notifier;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Flux<?> wakeUps() {
        return PgNotifications.listen(connections, "agora_newsletter");
    }

    @Override
    protected Mono<Void> poll() {
        return Flux.range(0, BATCHES_PER_PASS).concatMap(i -> batch()).takeUntil(handed -> !handed).then();
    }

    /** One batch of the oldest newsletter being sent; emits whether there was one. */
    private Mono<Boolean> batch() {
        return tx.transactional(newsletters.lockNextSending()
            .flatMap(newsletter -> newsletters.audienceAfter(newsletter.lastUserId(), BATCH).collectList()
                .flatMap(audience -> hand(newsletter, audience))))
            .defaultIfEmpty(false);
    }

    private Mono<Boolean> hand(NewsletterRepository.Sending newsletter, List<NewsletterRepository.Audience> audience) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("newsletterId", newsletter.id());
        data.put("subject", newsletter.subject());
        data.put("text", newsletter.text());
        data.put("link", properties.webPage("/account"));
        int emailed = (int) audience.stream().filter(NewsletterRepository.Audience::email).count();
        boolean done = audience.size() < BATCH;
        return Flux.fromIterable(audience)
            .concatMap(user -> notifier.notify(new Notifier.Recipient(user.userId(), null), TYPE, data,
                    user.email() ? Set.of(Notifier.EMAIL, Notifier.IN_APP) : Set.of(Notifier.IN_APP), null))
            .then(newsletters.advance(newsletter.id(), audience.isEmpty() ? null : audience.getLast().userId(), emailed,
                    audience.size(), done, clock.instant().truncatedTo(ChronoUnit.MICROS)))
            .doOnSuccess(v -> {
                if (done) {
                    log.info("Newsletter {} handed to its last recipients", newsletter.id());
                }
            })
            .thenReturn(true);
    }
}
