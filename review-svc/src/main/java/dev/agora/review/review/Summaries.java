package dev.agora.review.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.review.ReviewProperties;

/**
 * A product's rating summary, computed by aggregation over its published reviews and cached in
 * Redis under the product's generation. Every change bumps the generation after it is written, so
 * a summary computed before a change is never read after it, whatever the interleaving.
 */
@Component
class Summaries {

    private static final Logger log = LoggerFactory.getLogger(Summaries.class);

    /** The summary: average to 2 decimals, count, and the count per rating 1 to 5. */
    record Summary(String productId, BigDecimal average, long count, Map<Integer, Long> histogram) {
    }

    private final ReactiveMongoTemplate mongo;
    private final ReactiveStringRedisTemplate redis;
    private final ReviewProperties properties;
    private final JsonMapper json;

    Summaries(ReactiveMongoTemplate mongo, ReactiveStringRedisTemplate redis, ReviewProperties properties, JsonMapper json) {
        this.mongo = mongo;
        this.redis = redis;
        this.properties = properties;
        this.json = json;
    }

    Mono<Summary> of(String productId) {
        String generationKey = "agora:reviews:generation:" + productId;
        return redis.opsForValue().get(generationKey).defaultIfEmpty("0")
            .flatMap(generation -> {
                String key = "agora:reviews:summary:" + productId + ":" + generation;
                return redis.opsForValue().get(key).map(cached -> json.readValue(cached, Summary.class))
                    .switchIfEmpty(Mono.defer(() -> compute(productId).flatMap(summary -> redis.opsForValue()
                        .set(key, json.writeValueAsString(summary), properties.summaryTtl()).thenReturn(summary))));
            })
            // The cache is an optimisation: without Redis the summary is computed every time.
            .onErrorResume(ex -> !(ex instanceof org.springframework.dao.DataAccessResourceFailureException) ? Mono.error(ex)
                    : compute(productId).doOnSubscribe(s -> log.warn("Summary cache unavailable: {}", ex.getMessage())));
    }

    /** Call after every change of a product's reviews. */
    Mono<Void> invalidate(String productId) {
        return redis.opsForValue().increment("agora:reviews:generation:" + productId).then()
            .onErrorResume(ex -> {
                log.warn("Could not invalidate the summary of {}: {}", productId, ex.getMessage());
                return Mono.empty();
            });
    }

    private Mono<Summary> compute(String productId) {
        Aggregation pipeline = Aggregation.newAggregation(
                Aggregation.match(Criteria.where("productId").is(productId).and("status").is(ReviewStatus.PUBLISHED.value())),
                Aggregation.group("rating").count().as("count"));
        return mongo.aggregate(pipeline, "reviews", Document.class)
            .collectList()
            .map(groups -> {
                Map<Integer, Long> histogram = new LinkedHashMap<>();
                for (int r = 1; r <= 5; r++) {
                    histogram.put(r, 0L);
                }
                long count = 0;
                long sum = 0;
                for (Document group : groups) {
                    int rating = ((Number) group.get("_id")).intValue();
                    long n = ((Number) group.get("count")).longValue();
                    histogram.put(rating, n);
                    count += n;
                    sum += rating * n;
                }
                BigDecimal average = count == 0 ? BigDecimal.ZERO.setScale(2)
                        : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
                return new Summary(productId, average, count, histogram);
            });
    }
}
