package dev.agora.defaults.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteJwksKeySourceTests {

    private static final TokenForge FORGE = TokenForge.newKey("current");

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void serveKeys() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = JwkSets.toJson(Map.of(FORGE.kid(), FORGE.publicKey())).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteJwksKeySource source() {
        return new RemoteJwksKeySource(WebClient.create(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json"), Duration.ofSeconds(30),
                Duration.ofSeconds(2), clock);
    }

    @Test
    void fetchesOnceAndServesKnownKeysFromTheCache() {
        RemoteJwksKeySource keys = source();
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(keys.find("current")).expectNext(FORGE.publicKey()).expectComplete().verify(Duration.ofSeconds(5));
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void unknownKidsRefetchAtMostOncePerInterval() {
        RemoteJwksKeySource keys = source();
        StepVerifier.create(keys.find("current")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            StepVerifier.create(keys.find("forged-" + i)).expectComplete().verify(Duration.ofSeconds(5));
        }
        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofSeconds(31));
        StepVerifier.create(keys.find("rotated-in")).expectComplete().verify(Duration.ofSeconds(5));
        assertThat(fetches).hasValue(2);
    }

    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
