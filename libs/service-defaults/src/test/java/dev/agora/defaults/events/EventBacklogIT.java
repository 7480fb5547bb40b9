package dev.agora.defaults.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import dev.agora.testsupport.AgoraDatastores;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog of failed entries larger than a page of the pending list, as a dependency's outage
 * leaves one: the pending gauge counts it, and when the dependency is back one pass of the
 * consumer redelivers all of it. The interval is an hour, so every pass here is one the test wakes;
 * claim-idle is long enough that none is redelivered before the test says the dependency is back.
 */
@SpringBootTest(classes = EventBacklogIT.App.class, properties = { "spring.application.name=backlog-it",
        "agora.events.poll-interval=1h", "agora.events.claim-idle=2s", "agora.events.batch-size=10",
        "spring.main.web-application-type=none" })
@AgoraDatastores
class EventBacklogIT {

    static final String STREAM = "agora:events:backlog";

    @SpringBootApplication
    static class App {

        @Bean
        Ledger ledger() {
            return new Ledger();
        }
    }

    /** Handles {@code backlog.entry}; while its dependency is down, every attempt fails. */
    static final class Ledger implements EventHandler {

        volatile boolean down = true;
        final AtomicInteger attempts = new AtomicInteger();
        final Set<String> handled = ConcurrentHashMap.newKeySet();

        @Override
        public String stream() {
            return STREAM;
        }

        @Override
        public Set<String> types() {
            return Set.of("backlog.entry");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            attempts.incrementAndGet();
            if (down) {
                return Mono.error(new IllegalStateException("ledger unavailable"));
            }
            handled.add(event.subject());
            return Mono.empty();
        }
    }

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    Ledger ledger;

    @Autowired
    MeterRegistry meters;

    @Test
    void redeliversABacklogLongerThanAPageInOnePassOnceItsDependencyIsBack() throws InterruptedException {
        // Twenty-five entries, two and a half pages: each delivered once and failed, so all pending.
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            envelopes.add(StreamEvents.entry(UUID.randomUUID(), "backlog.entry", Instant.now(), "entry-" + i,
                    Map.of("n", i)).get("envelope"));
        }
        redis.execute(RedisScript.of("""
                for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'type', 'backlog.entry', 'envelope', ARGV[i]) end
                return #ARGV""", Long.class), List.of(STREAM), envelopes).blockLast(Duration.ofSeconds(5));
        // Announced until heard: the consumer subscribes to announcements a moment after the start.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            announce();
            return ledger.attempts.get() >= 25;
        });
        assertThat(ledger.handled).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingGauge() == 25);

        ledger.down = false;
        Thread.sleep(Duration.ofMillis(2200)); // past claim-idle: every entry may be delivered again
        announce();

        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.handled.size() == 25);
        assertThat(ledger.attempts.get()).isEqualTo(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingGauge() == 0);
    }

    private double pendingGauge() {
        return meters.get("agora.events.pending").tag("stream", STREAM).gauge().value();
    }

    /** What a relay does after it appended: the consumer wakes for one pass. */
    private void announce() {
        redis.convertAndSend(EventStreams.APPENDED, STREAM).block(Duration.ofSeconds(5));
    }
}
