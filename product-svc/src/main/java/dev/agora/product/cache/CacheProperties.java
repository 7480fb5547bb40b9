package dev.agora.product.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The catalogue cache in Redis.
 *
 * @param enabled off serves everything from PostgreSQL (for benchmarks and incidents)
 * @param itemTtl lifetime of cached products
 * @param listTtl lifetime of cached search/list pages and the category tree
 * @param timeout a Redis read slower than this is abandoned and PostgreSQL answers
 * @param writeTimeout how long a write waits for Redis to invalidate the cache; longer than reads
 *        get, because giving up switches this instance to PostgreSQL until a retry lands
 */
@ConfigurationProperties("agora.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration itemTtl,
        @DefaultValue("30s") Duration listTtl, @DefaultValue("50ms") Duration timeout,
        @DefaultValue("1s") Duration writeTimeout) {
}
