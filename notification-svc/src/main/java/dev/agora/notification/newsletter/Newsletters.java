package dev.agora.notification.newsletter;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.defaults.web.PageQuery;

/** Writing newsletters and reading them back; {@link NewsletterSender} hands them out. */
@Service
class Newsletters {

    private final NewsletterRepository newsletters;
    private final JsonMapper json;
    private final Clock clock;

    Newsletters(NewsletterRepository newsletters, JsonMapper json, Clock clock) {
        this.newsletters = newsletters;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues a newsletter for every user; its sending starts within the sender's next look. The same
     * admin's same key and text again answer the newsletter the first created; other text is a 422.
     */
    Mono<Newsletter> create(String subject, String text, UUID admin, IdempotencyKey key) {
        UUID id = Uuids.v7();
        String stripped = subject.strip();
        String body = text.strip();
        String hash = IdempotencyKey.fingerprint(json, List.of(stripped, body));
        return newsletters.insert(id, stripped, body, admin, clock.instant().truncatedTo(ChronoUnit.MICROS), key.value(), hash)
            .flatMap(stored -> stored ? newsletters.find(id) : newsletters.findByKey(admin, key.value())
                .flatMap(earlier -> earlier.requestHash().equals(hash) ? Mono.just(earlier.newsletter())
                        : Mono.error(IdempotencyKey.mismatch())));
    }

    Mono<Newsletter> find(UUID id) {
        return newsletters.find(id).switchIfEmpty(Mono.error(() -> AgoraException.notFound("The newsletter")));
    }

    Mono<PageQuery.Page<Newsletter>> page(PageQuery page) {
        return newsletters.page(page);
    }
}
