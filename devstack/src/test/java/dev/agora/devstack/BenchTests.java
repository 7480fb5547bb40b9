package dev.agora.devstack;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTests {

    @Test
    void countsOnlyExpectedAnswersAndSaysWhatTheOthersWere() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong served = new AtomicLong();
        // Every third answer is a gateway timeout.
        server.createContext("/", exchange -> {
            int status = served.incrementAndGet() % 3 == 0 ? 504 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Bench bench = new Bench(2, Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
            Bench.Result result = bench.measureOnce("test", () -> HttpRequest.newBuilder(uri).build(), 200);

            assertThat(result.requests()).isPositive();
            assertThat(result.errorKinds()).containsOnlyKeys("504");
            assertThat(result.errors()).isEqualTo(result.errorKinds().get("504")).isPositive();
            // A third of the answers, give or take the last in flight.
            assertThat((double) result.errors() / result.requests()).isBetween(0.3, 0.37);
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void aPlatformWhoseCompilersAreStillBusyIsNotWarmHoweverSteadyItsThroughput() {
        assertThat(Bench.warm(100, 0, 104, 0, 0.02)).isTrue();
        // Seen under checkout load: steady windows while C2 still took a third of the services' CPU.
        assertThat(Bench.warm(100, 0, 104, 0, 0.30)).isFalse();
        assertThat(Bench.warm(100, 0, 130, 0, 0.02)).isFalse();
        assertThat(Bench.warm(100, 1, 104, 0, 0.02)).isFalse();
        // No /proc to tell: throughput alone decides, as before.
        assertThat(Bench.warm(100, 0, 104, 0, Double.NaN)).isTrue();
    }
}
