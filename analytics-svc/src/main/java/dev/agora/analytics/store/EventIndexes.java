package dev.agora.analytics.store;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.analytics.AnalyticsProperties;

/**
 * Indexes for time-range queries by type, product and user, and the TTL index that enforces the
 * retention. Created before the server takes requests. The in-memory stand-in used in tests without
 * Docker ignores compound and TTL indexes (it logs so); a real MongoDB builds them.
 */
@Component
class EventIndexes implements SmartInitializingSingleton {

    private final ReactiveMongoTemplate mongo;
    private final AnalyticsProperties properties;

    EventIndexes(ReactiveMongoTemplate mongo, AnalyticsProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var events = mongo.indexOps(AnalyticsEvent.class);
        Mono.when(definitions(properties.retention()).stream().map(events::createIndex).toList())
            .block(Duration.ofSeconds(30));
    }

    static List<Index> definitions(Duration retention) {
        return List.of(
                new Index().on("type", Sort.Direction.ASC).on("occurredAt", Sort.Direction.ASC).named("type_time"),
                new Index().on("productId", Sort.Direction.ASC).on("occurredAt", Sort.Direction.ASC).named("product_time"),
                new Index().on("userId", Sort.Direction.ASC).on("occurredAt", Sort.Direction.ASC).named("user_time"),
                new Index().on("occurredAt", Sort.Direction.ASC).expire(retention).named("retention_ttl"));
    }
}
