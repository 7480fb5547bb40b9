package dev.agora.defaults.events;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events travel without anyone polling: the commit wakes the relay (PostgreSQL LISTEN/NOTIFY), and
 * the relay's announcement wakes the consumer, and so does its connection coming back. Both
 * regular looks are an hour apart here, so an event that waited for one would never arrive within
 * the test.
 */
@SpringBootTest(classes = EventWakeUpIT.App.class, properties = { "spring.application.name=wake-up-it",
        "agora.outbox.stream=agora:events:wake-up", "agora.outbox.poll-interval=1h", "agora.events.poll-interval=1h",
        "spring.main.web-application-type=none" })
@AgoraDatastores
class EventWakeUpIT {

    @SpringBootApplication
    static class App {

        @Bean
        Seen seen() {
            return new Seen();
        }
    }

    static final class Seen implements EventHandler {

        final Set<String> subjects = ConcurrentHashMap.newKeySet();

        @Override
        public String stream() {
            return "agora:events:wake-up";
        }

        @Override
        public Set<String> types() {
            return Set.of("thing.woke");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            subjects.add(event.subject());
            return Mono.empty();
        }
    }

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    Seen seen;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Value("${spring.data.redis.url}")
    URI redisUrl;

    @Test
    void aCommittedEventReachesItsConsumerWithoutEitherSidePolling() {
        for (int i = 1; i <= 3; i++) {
            String subject = "woke-" + i;
            tx.transactional(outbox.append("thing.woke", subject, Map.of("n", i))).block(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.subjects.contains(subject));
        }
    }

    /**
     * An entry appended with nobody told (its announcement lost while the consumer's connection was
     * down) is read as soon as the consumer is connected again, not at its next look.
     */
    @Test
    void anEntryAppendedWhileTheConsumerCouldNotHearIsReadOnceItsConnectionIsBack() throws Exception {
        redis.opsForStream()
            .add(StreamRecords.mapBacked(StreamEvents.entry(UUID.randomUUID(), "thing.woke", Instant.now(), "unannounced",
                    Map.of("n", 0))).withStreamKey("agora:events:wake-up"))
            .block(Duration.ofSeconds(5));

        // Drops the consumer's subscription, as a Redis restart or a network cut would.
        try (Socket socket = new Socket(redisUrl.getHost(), redisUrl.getPort())) {
            socket.getOutputStream().write("CLIENT KILL TYPE pubsub\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine()).matches(":[1-9][0-9]*");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.subjects.contains("unannounced"));
    }
}
