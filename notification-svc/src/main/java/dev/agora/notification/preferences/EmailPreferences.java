package dev.agora.notification.preferences;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * Whether a user wants a topic by email, and changing that. Senders ask {@link #wantsEmail}
 * before they queue an email of an optional topic.
 */
@Service
public class EmailPreferences {

    /** One topic as the user sees it. */
    record Choice(Topic topic, String description, boolean email, boolean inApp, boolean changeable) {
    }

    /** All topics, in the order of {@link Topic}. */
    record Choices(List<Choice> topics) {
    }

    private final PreferenceRepository preferences;
    private final TransactionalOperator tx;
    private final Clock clock;

    EmailPreferences(PreferenceRepository preferences, TransactionalOperator tx, Clock clock) {
        this.preferences = preferences;
        this.tx = tx;
        this.clock = clock;
    }

    /** Whether {@code user} gets {@code topic} by email: always for transactional mail, else unless turned off. */
    public Mono<Boolean> wantsEmail(UUID user, Topic topic) {
        if (user == null || !topic.optional()) {
            return Mono.just(true);
        }
        return preferences.emailChoices(user).map(choices -> choices.getOrDefault(topic, true));
    }

    Mono<Choices> of(UUID user) {
        return preferences.emailChoices(user).map(EmailPreferences::choices);
    }

    /** Applies every change or none: a request that tries to turn off transactional mail changes nothing. */
    Mono<Choices> change(UUID user, Map<Topic, Boolean> email) {
        List<Problems.FieldError> errors = new ArrayList<>();
        email.forEach((topic, on) -> {
            if (!topic.optional() && !on) {
                errors.add(new Problems.FieldError("topics", topic.value() + " mail is always sent and cannot be turned off"));
            }
        });
        if (!errors.isEmpty()) {
            return Mono.error(AgoraException.badRequest("Some topics cannot be turned off.").withErrors(errors));
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.transactional(Flux.fromIterable(email.entrySet())
                .filter(change -> change.getKey().optional())
                .concatMap(change -> preferences.setEmail(user, change.getKey(), change.getValue(), now))
                .then())
            .then(of(user));
    }

    private static Choices choices(Map<Topic, Boolean> stored) {
        List<Choice> list = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            list.add(new Choice(topic, topic.description(), !topic.optional() || stored.getOrDefault(topic, true), true,
                    topic.optional()));
        }
        return new Choices(list);
    }
}
