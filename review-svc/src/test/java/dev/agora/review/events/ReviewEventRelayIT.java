package dev.agora.review.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;

import dev.agora.defaults.events.EventStreams;
import dev.agora.review.review.PendingEvents;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.FakeUserService;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay over MongoDB and Redis, its regular look every hour here, so that only a write's signal
 * makes it look: what one signal publishes, and whom it tells.
 */
@SpringBootTest(properties = { "agora.service-client.client-id=review-svc",
        "agora.service-client.client-secret=test-secret-0123456789", "agora.reviews.relay-interval=1h",
        "agora.reviews.stream=" + ReviewEventRelayIT.STREAM })
@AgoraDatastores(mongo = true)
class ReviewEventRelayIT {

    static final FakeUserService USERS = new FakeUserService(TokenForge.newKey("review-relay-test"));
    static final String STREAM = "agora:events:reviews-relay-test";

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    PendingEvents pending;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("agora.services.user.uri", USERS::url);
    }

    @Test
    void tellsTheConsumersWhichStreamItAppendedTo() {
        List<String> announced = new CopyOnWriteArrayList<>();
        Disposable listening = redis.listenToChannelLater(EventStreams.APPENDED)
            .block(Duration.ofSeconds(10))
            .subscribe(message -> announced.add(message.getMessage()));
        try {
            waiting(1);

            pending.written();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(announced).contains(STREAM));
        }
        finally {
            listening.dispose();
        }
    }

    @Test
    void oneSignalPublishesEveryWaitingEventNotJustOneLooksWorth() {
        long before = streamSize();
        waiting(250);

        pending.written();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(streamSize()).isEqualTo(before + 250));
        assertThat(mongo.count(Query.query(Criteria.where("events").exists(true).ne(List.of())), "reviews")
            .block(Duration.ofSeconds(5))).isZero();
    }

    /** Reviews written with an event each that the relay has not published yet, as Redis being away leaves them. */
    private void waiting(int reviews) {
        List<Document> documents = IntStream.range(0, reviews)
            .mapToObj(i -> new Document("_id", UUID.randomUUID().toString()).append("status", "published")
                .append("productId", UUID.randomUUID().toString()).append("userId", UUID.randomUUID().toString())
                .append("events", List.of(new Document(Map.of("eventId", UUID.randomUUID().toString(), "type", "review.created",
                        "envelope", "{}")))))
            .toList();
        mongo.insert(documents, "reviews").then().block(Duration.ofSeconds(30));
    }

    private long streamSize() {
        Long size = redis.opsForStream().size(STREAM).block(Duration.ofSeconds(5));
        return size == null ? 0 : size;
    }
}
