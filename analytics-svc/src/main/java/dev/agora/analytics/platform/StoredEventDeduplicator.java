package dev.agora.analytics.platform;

import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.EventDeduplicator;

/**
 * The event consumer's de-duplication for analytics-svc, whose every handler does one thing: it
 * inserts the event under the event's own id ({@link PlatformEvents#store}). That insert is the
 * record of having handled the event, so nothing else is read or written: a redelivered event is
 * a duplicate key, and emits {@code false}. A separate record would cost two more round trips
 * per event (look it up, write it after the side effect, MongoDB offering no transaction to join
 * them) and would say nothing the stored event does not. It relies on each event type having
 * one handler here ({@code AnalyticsIT} checks it): a second handler of a type would find the
 * event already stored.
 */
@Component
class StoredEventDeduplicator implements EventDeduplicator {

    @Override
    public Mono<Boolean> once(String consumer, UUID eventId, Mono<Void> sideEffect) {
        return sideEffect.thenReturn(true).onErrorResume(DuplicateKeyException.class, handledBefore -> Mono.just(false));
    }
}
