package dev.agora.product.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.agora.defaults.Deadlines;
import dev.agora.defaults.r2dbc.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache-aside for the catalogue in Redis.
 *
 * <p>Every key carries the catalogue generation, a counter that every write increments before it
 * returns. A write therefore invalidates everything it could affect in one call (products, their
 * visibility through vendors, lists, the category tree), and a reader that loaded old data while
 * the write ran fills a key of the old generation, which nobody reads any more: no client sees
 * data older than its own acknowledged write. Concurrent misses on one key load once (single
 * flight). When Redis fails or is slower than the timeout, PostgreSQL answers and the request is
 * counted as a bypass; if a write could not bump the generation, this instance bypasses the cache
 * until a retry succeeds.
 */
@Component
public class CatalogCache {

    static final String GENERATION = "agora:catalog:gen";
    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);
    // One round trip: the current generation and the entry of that generation.
    private static final RedisScript<List> READ = RedisScript.of("""
            local g = redis.call('GET', KEYS[1]) or '0'
            return {g, redis.call('GET', ARGV[1] .. ':' .. g) or false}""", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final CacheProperties properties;
    private final MeterRegistry meters;
    private final Map<String, Mono<?>> inflight = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicBoolean generationStale = new AtomicBoolean();

    CatalogCache(ReactiveStringRedisTemplate redis, JsonMapper json, CacheProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.meters = meters;
    }

    /** Whether the cache is in use at all. */
    public boolean enabled() {
        return properties.enabled();
    }

    /** A cached item ({@code ttl} = the item TTL) or the loader's result; an empty load is not cached. */
    public <T> Mono<T> item(String cache, String key, Class<T> type, Mono<T> loader) {
        return get(cache, key, json.constructType(type), loader, properties.itemTtl());
    }

    /** A cached list or tree (the list TTL). */
    public <T> Mono<T> list(String cache, String key, JavaType type, Mono<T> loader) {
        return get(cache, key, type, loader, properties.listTtl());
    }

    public JsonMapper json() {
        return json;
    }

    @SuppressWarnings("unchecked")
    private <T> Mono<T> get(String cache, String key, JavaType type, Mono<T> loader, Duration ttl) {
        if (!properties.enabled() || generationStale.get()) {
            count(cache, "bypass");
            return loader;
        }
        String base = "agora:catalog:" + cache + ":" + key;
        return Deadlines.within(redis.execute(READ, List.of(GENERATION), List.of(base)).next(), properties.timeout())
            .map(result -> (List<Object>) result)
            .flatMap(result -> {
                String generation = String.valueOf(result.get(0));
                Object cached = result.size() > 1 ? result.get(1) : null;
                if (cached instanceof String text && !text.isEmpty()) {
                    count(cache, "hit");
                    return Mono.just((T) json.readValue(text, type));
                }
                count(cache, "miss");
                String full = base + ":" + generation;
                return (Mono<T>) inflight.computeIfAbsent(full, k -> load(cache, full, loader, ttl)
                    .doFinally(signal -> inflight.remove(k))
                    .cache());
            })
            .onErrorResume(ex -> {
                count(cache, "bypass");
                log.debug("Catalogue cache bypassed: {}", ex.toString());
                return loader;
            });
    }

    private <T> Mono<T> load(String cache, String key, Mono<T> loader, Duration ttl) {
        return loader
            .doOnSubscribe(s -> meters.counter("agora.cache.loads", "cache", cache).increment())
            .flatMap(value -> Deadlines.within(redis.opsForValue().set(key, json.writeValueAsString(value), ttl),
                    properties.timeout())
                .onErrorResume(ex -> Mono.just(false))
                .thenReturn(value));
    }

    /**
     * Invalidates everything cached, before the write that calls it returns. If Redis cannot be
     * reached, this instance stops using the cache until a retry bumps the generation.
     */
    public Mono<Void> invalidate() {
        if (!properties.enabled()) {
            return Mono.empty();
        }
        return Deadlines.within(redis.opsForValue().increment(GENERATION), properties.writeTimeout()).then()
            .onErrorResume(ex -> {
                if (generationStale.compareAndSet(false, true)) {
                    log.warn("Could not invalidate the catalogue cache ({}); serving from PostgreSQL until Redis answers",
                            ex.toString());
                    Deadlines.within(redis.opsForValue().increment(GENERATION), properties.writeTimeout())
                        .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(200)))
                        .subscribe(v -> {
                            generationStale.set(false);
                            log.info("Catalogue cache invalidated after Redis came back");
                        });
                }
                return Mono.empty();
            });
    }

    /**
     * Invalidates once the current transaction has committed, or at once outside one. Invalidating
     * before the commit would let a read in between cache what the transaction is about to change.
     */
    public Mono<Void> invalidateAfterCommit() {
        return AfterCommit.run(this::invalidate);
    }

    private void count(String cache, String result) {
        counters.computeIfAbsent(cache + "/" + result, k -> Counter.builder("agora.cache.requests").tag("cache", cache)
            .tag("result", result).description("Catalogue cache lookups by outcome").register(meters)).increment();
    }
}
