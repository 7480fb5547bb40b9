package dev.agora.notification.newsletter;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;

/** Writing newsletters and reading them back; {@link NewsletterSender} hands them out. */
@Service
class Newsletters {

    private final NewsletterRepository newsletters;
    private final Clock clock;

    Newsletters(NewsletterRepository newsletters, Clock clock) {
        this.newsletters = newsletters;
        this.clock = clock;
    }

    /** Queues a newsletter for every user; its sending starts within the sender's next look. */
    Mono<Newsletter> create(String subject, String text, UUID admin) {
        UUID id = Uuids.v7();
        return newsletters.insert(id, subject.strip(), text.strip(), admin, clock.instant().truncatedTo(ChronoUnit.MICROS))
            .then(newsletters.find(id));
    }

    Mono<Newsletter> find(UUID id) {
        return newsletters.find(id).switchIfEmpty(Mono.error(() -> AgoraException.notFound("The newsletter")));
    }

    Mono<PageQuery.Page<Newsletter>> page(PageQuery page) {
        return newsletters.page(page);
    }
}
