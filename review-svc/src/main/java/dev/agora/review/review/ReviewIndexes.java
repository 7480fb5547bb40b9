package dev.agora.review.review;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The indexes review-svc relies on, created at start-up before the server takes requests
 * (idempotently): one review per user and product, and the list and "my reviews" orders.
 */
@Component
class ReviewIndexes implements SmartInitializingSingleton {

    private final ReactiveMongoTemplate mongo;

    ReviewIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var reviews = mongo.indexOps(Review.class);
        Mono.when(
                reviews.createIndex(new Index().on("productId", Sort.Direction.ASC).on("userId", Sort.Direction.ASC).unique()
                    .named("one_review_per_user_and_product")),
                reviews.createIndex(new Index().on("productId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                    .on("createdAt", Sort.Direction.DESC).named("product_lists")),
                reviews.createIndex(new Index().on("userId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                    .named("my_reviews")))
            .block(java.time.Duration.ofSeconds(30));
    }
}
