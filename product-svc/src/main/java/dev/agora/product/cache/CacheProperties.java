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
 * @param timeout a Redis call slower than this is abandoned and PostgreSQL answers
 */
@ConfigurationProperties("agora.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration itemTtl,
        @DefaultValue("30s") Duration listTtl, @DefaultValue("50ms") Duration timeout) {
}
