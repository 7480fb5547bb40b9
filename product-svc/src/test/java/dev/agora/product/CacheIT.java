package dev.agora.product;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agora.product.cache.CatalogCache;
import dev.agora.testsupport.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue cache in a Redis of this test's own, which it stops to prove PostgreSQL answers.
 */
class CacheIT extends CatalogTestBase {

    static final EmbeddedRedis REDIS = EmbeddedRedis.start(0, null);

    @Autowired
    MeterRegistry meters;

    @Autowired
    CatalogCache cache;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", REDIS::url);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    private double count(String name, String cache, String result) {
        var search = meters.find(name).tag("cache", cache);
        if (result != null) {
            search = search.tag("result", result);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void repeatedReadsHitTheCacheAndEveryWriteIsVisibleToTheNextRead() {
        TestVendor v = verifiedVendor("Cached");
        UUID cat = category("Cached things", null);
        String id = (String) create(v.token(), product("Cached Lamp", "CACHE-1", "10.00", cat)).get("id");
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk();
        }
        assertThat(count("agora.cache.requests", "product", "hit")).isGreaterThanOrEqualTo(2);

        // Price change: the next read, anywhere, shows it.
        http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(v.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("price", Map.of("amount", "11.00", "currency", "USD"), "version", 0))
            .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/products/{id}", id).exchange().expectBody().jsonPath("$.price.amount").isEqualTo("11.00");
        http.get().uri("/api/v1/products/sku/CACHE-1").exchange().expectBody().jsonPath("$.price.amount").isEqualTo("11.00");
        http.get().uri("/api/v1/products?category={c}", cat).exchange().expectBody().jsonPath("$.items[0].price.amount").isEqualTo("11.00");

        // Full replace.
        var replaced = product("Cached Lamp", "CACHE-1", "12.00", cat);
        replaced.put("version", 1);
        http.put().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(v.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(replaced).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/products/slug/cached-lamp").exchange().expectBody().jsonPath("$.price.amount").isEqualTo("12.00");

        // A category change shows in the cached tree.
        http.get().uri("/api/v1/categories/tree").exchange().expectStatus().isOk();
        http.put().uri("/api/v1/categories/{id}", cat).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Renamed things", "version", 0))
            .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/categories/tree").exchange().expectBody()
            .jsonPath("$[?(@.id == '" + cat + "')].name").isEqualTo("Renamed things");

        // The vendor is deactivated: its products vanish from cached reads at once.
        http.delete().uri("/api/v1/vendors/{id}", v.id()).headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products?category={c}", cat).exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void suggestionsComeFromTheCacheUntilAWriteChangesThem() {
        TestVendor v = verifiedVendor("Cached Suggestions");
        UUID cat = category("Cached suggestions", null);
        String id = (String) create(v.token(), product("Capybarion Kettle", "CACHE-SUG", "30.00", cat)).get("id");
        double loads = count("agora.cache.loads", "suggest", null);
        double hits = count("agora.cache.requests", "suggest", "hit");
        double bypasses = count("agora.cache.requests", "suggest", "bypass");
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/v1/products/suggest?q=capybar").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.suggestions[0].name").isEqualTo("Capybarion Kettle");
        }
        // The case of what was typed does not make another entry.
        http.get().uri("/api/v1/products/suggest?q=CAPYBAR").exchange().expectStatus().isOk();
        assertThat(count("agora.cache.loads", "suggest", null) - loads).isEqualTo(1);
        // The other three came from the cache, except a read of Redis past its deadline on a busy
        // host, which goes to PostgreSQL by design (a bypass, not a load) and was counted as such.
        double hit = count("agora.cache.requests", "suggest", "hit") - hits;
        assertThat(hit + count("agora.cache.requests", "suggest", "bypass") - bypasses).isEqualTo(3);
        assertThat(hit).isGreaterThanOrEqualTo(1);

        // An admin renames it (a vendor's rename would send it back to review, out of suggestions).
        http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(admin()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Capybarion Teapot", "version", 0))
            .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/products/suggest?q=capybar").exchange().expectBody()
            .jsonPath("$.suggestions[0].name").isEqualTo("Capybarion Teapot");
    }

    @Test
    void concurrentMissesLoadOnce() throws Exception {
        TestVendor v = verifiedVendor("Thundering");
        String id = (String) create(v.token(), product("Herd Lamp", "HERD-1", "10.00", category("Herd", null))).get("id");
        double before = count("agora.cache.loads", "product", null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(pool.submit(() -> http.get().uri("/api/v1/products/{id}", id).exchange()
                .returnResult(String.class).getStatus().value()));
        }
        for (Future<Integer> call : calls) {
            assertThat(call.get()).isEqualTo(200);
        }
        pool.shutdown();
        // Single flight per instance: the 32 readers share loads; without it each miss would load.
        assertThat(count("agora.cache.loads", "product", null) - before).isBetween(1.0, 4.0);
    }

    @Test
    void aWriteWaitsOutASlowRedisInsteadOfGivingUpTheCache() throws Exception {
        long before = generation();
        RedisClient client = RedisClient.create(REDIS.url());
        try (var busy = client.connect()) {
            // Redis busy for 200 ms, as on a loaded machine: past a read's 50 ms, within a write's 1 s.
            var sleep = busy.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add("0.2"));
            Thread.sleep(20);
            cache.invalidate().block(Duration.ofSeconds(5));
            sleep.get(5, TimeUnit.SECONDS);
        }
        finally {
            client.shutdown();
        }
        // Given up on, the increment would still have run once Redis woke, and the retry behind
        // it again: two generations, and reads from PostgreSQL meanwhile.
        Thread.sleep(1000);
        assertThat(generation() - before).isEqualTo(1);
    }

    private long generation() {
        return Long.parseLong(redis.opsForValue().get("agora:catalog:gen").defaultIfEmpty("0").block(Duration.ofSeconds(5)));
    }

    @Test
    void withRedisDownReadsComeFromPostgresAndStayCorrect() {
        TestVendor v = verifiedVendor("Resilient");
        String id = (String) create(v.token(), product("Sturdy Lamp", "STURDY-1", "10.00", category("Sturdy", null))).get("id");
        http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk();
        REDIS.stop();
        try {
            double bypassed = count("agora.cache.requests", "product", "bypass");
            http.get().uri("/api/v1/products/{id}", id).exchange().expectStatus().isOk();
            http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(admin()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Sturdier Lamp", "version", 0))
                .exchange().expectStatus().isOk();
            http.get().uri("/api/v1/products/{id}", id).exchange().expectBody().jsonPath("$.name").isEqualTo("Sturdier Lamp");
            assertThat(count("agora.cache.requests", "product", "bypass")).isGreaterThan(bypassed);
            http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        }
        finally {
            REDIS.start();
        }
        // Redis is back (empty here, as after a restart without persistence, or holding old entries):
        // whatever it serves, the write made while it was down must win, and caching resumes.
        double hitsBefore = count("agora.cache.requests", "product", "hit");
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && count("agora.cache.requests", "product", "hit") == hitsBefore) {
            String name = (String) http.get().uri("/api/v1/products/{id}", id).exchange().expectBody(Map.class)
                .returnResult().getResponseBody().get("name");
            assertThat(name).isEqualTo("Sturdier Lamp");
        }
        assertThat(count("agora.cache.requests", "product", "hit")).as("caching resumed").isGreaterThan(hitsBefore);
    }
}
