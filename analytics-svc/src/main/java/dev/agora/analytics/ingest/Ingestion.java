package dev.agora.analytics.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.analytics.AnalyticsProperties;
import dev.agora.analytics.store.AnalyticsEvent;
import dev.agora.analytics.store.FieldNames;
import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.defaults.web.ProblemType;

/**
 * Accepts a batch all or nothing: every event is checked before any is stored, and a session over
 * its rate gets a 429 for the whole batch.
 */
@Service
class Ingestion {

    private static final int MAX_PROPERTIES_BYTES = 4096;

    private final ReactiveMongoTemplate mongo;
    private final ReactiveStringRedisTemplate redis;
    private final AnalyticsProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Ingestion(ReactiveMongoTemplate mongo, ReactiveStringRedisTemplate redis, AnalyticsProperties properties,
            JsonMapper json, Clock clock) {
        this.mongo = mongo;
        this.redis = redis;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Stores the batch; emits how many events were stored (all of them). */
    Mono<Integer> ingest(ClientEvents batch, String userId) {
        Instant now = clock.instant();
        List<Problems.FieldError> errors = new ArrayList<>();
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < batch.events().size(); i++) {
            ClientEvents.Event e = batch.events().get(i);
            String field = "events[" + i + "]";
            Map<String, Object> props = e.properties() == null ? Map.of() : e.properties();
            if (json.writeValueAsBytes(props).length > MAX_PROPERTIES_BYTES) {
                errors.add(new Problems.FieldError(field + ".properties", "must be at most 4 KiB as JSON"));
            }
            if (e.occurredAt().isAfter(now.plus(properties.maxClockSkew()))) {
                errors.add(new Problems.FieldError(field + ".occurredAt", "must not be in the future"));
            }
            if (e.occurredAt().isBefore(now.minus(properties.retention()))) {
                errors.add(new Problems.FieldError(field + ".occurredAt", "is older than the retention period"));
            }
            events.add(new AnalyticsEvent(Uuids.v7().toString(), e.type(), AnalyticsEvent.CLIENT, e.sessionId(), userId,
                    text(props.get("productId")), text(props.get("orderId")), e.occurredAt(), AnalyticsEvent.hourOf(e.occurredAt()),
                    AnalyticsEvent.dayOf(e.occurredAt()), null, null, null, FieldNames.escape(props), now));
        }
        if (!errors.isEmpty()) {
            return Mono.error(AgoraException.badRequest("Some events are invalid; none was stored.").withErrors(errors));
        }
        return withinRate(batch)
            .then(mongo.insertAll(events).count())
            .map(Long::intValue);
    }

    /** Counts the batch against each session's budget for the current minute. */
    private Mono<Void> withinRate(ClientEvents batch) {
        Map<String, Integer> perSession = new HashMap<>();
        batch.events().forEach(e -> perSession.merge(e.sessionId(), 1, Integer::sum));
        long minute = clock.instant().getEpochSecond() / 60;
        return Flux.fromIterable(perSession.entrySet())
            .concatMap(entry -> {
                String key = "agora:analytics:rate:" + entry.getKey() + ":" + minute;
                return redis.opsForValue().increment(key, entry.getValue())
                    .flatMap(count -> redis.expire(key, Duration.ofMinutes(2)).thenReturn(count));
            })
            .filter(count -> count > properties.sessionRateLimit())
            .next()
            .flatMap(over -> Mono.<Void>error(tooMany()));
    }

    private AgoraException tooMany() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(60 - clock.instant().getEpochSecond() % 60));
        return new AgoraException(ProblemType.TOO_MANY_EVENTS, "This session sent more than " + properties.sessionRateLimit() + " events this minute; none of this batch was stored.",
                headers);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
