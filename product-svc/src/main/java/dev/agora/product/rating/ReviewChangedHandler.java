package dev.agora.product.rating;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.events.types.ReviewEvent;
import dev.agora.product.cache.CatalogCache;

/**
 * Keeps each product's rating summary in step with review-svc. A review's events are applied in the
 * order they happened (an older one arriving late changes nothing); the summary is recomputed from
 * the product's counted reviews under its row lock, so concurrent events of one product cannot
 * leave it behind.
 */
@Component
class ReviewChangedHandler {

    private static final Logger log = LoggerFactory.getLogger(ReviewChangedHandler.class);
    private static final String PUBLISHED = "published";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CatalogCache cache;

    ReviewChangedHandler(DatabaseClient db, TransactionalOperator tx, CatalogCache cache) {
        this.db = db;
        this.tx = tx;
        this.cache = cache;
    }

    Mono<Void> handle(ReceivedEvent event) {
        ReviewEvent review = event.data(ReviewEvent.class);
        UUID product;
        try {
            product = UUID.fromString(review.productId());
        }
        catch (RuntimeException notAProductId) {
            // review-svc only accepts reviews of catalogue products; nothing here can rate anything else.
            log.warn("Review {} names no product id ({}); ignored", review.reviewId(), review.productId());
            return Mono.empty();
        }
        if (review.rating() < 1 || review.rating() > 5) {
            log.warn("Review {} has rating {}; ignored", review.reviewId(), review.rating());
            return Mono.empty();
        }
        Mono<Void> work = db.sql("INSERT INTO product_ratings (product_id, review_count) VALUES (:p, 0) ON CONFLICT DO NOTHING")
            .bind("p", product).then()
            .then(db.sql("SELECT product_id FROM product_ratings WHERE product_id = :p FOR UPDATE").bind("p", product).then())
            .then(db.sql("""
                    INSERT INTO product_review_ratings (review_id, product_id, rating, counted, as_of)
                    VALUES (:review, :p, :rating, :counted, :asOf)
                    ON CONFLICT (review_id) DO UPDATE SET rating = EXCLUDED.rating, counted = EXCLUDED.counted, as_of = EXCLUDED.as_of
                    WHERE product_review_ratings.as_of <= EXCLUDED.as_of""")
                .bind("review", review.reviewId())
                .bind("p", product)
                .bind("rating", (short) review.rating())
                .bind("counted", PUBLISHED.equals(review.status()))
                .bind("asOf", event.occurredAt())
                .fetch().rowsUpdated())
            .flatMap(changed -> changed == 0 ? Mono.just(0L) : db.sql("""
                    UPDATE product_ratings SET (review_count, average) = (
                        SELECT count(*), round(avg(rating), 2) FROM product_review_ratings WHERE product_id = :p AND counted)
                    WHERE product_id = :p""")
                .bind("p", product).fetch().rowsUpdated())
            // Cached listings and product pages carry the summary.
            .flatMap(changed -> changed > 0 ? cache.invalidateAfterCommit() : Mono.empty());
        return tx.transactional(work);
    }
}
