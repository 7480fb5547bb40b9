package dev.agora.review.review;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.PageQuery;

/** Reads of reviews the API answers with; who may see which is the controller's to decide. */
@Repository
class ReviewQueries {

    private final ReactiveMongoTemplate mongo;

    ReviewQueries(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Review> find(String id) {
        return mongo.findById(id, Review.class);
    }

    /** One page of the reviews matching {@code criteria}, in {@code order}, with the total count. */
    Mono<PageQuery.Page<Review.View>> page(Criteria criteria, Sort order, PageQuery paging) {
        Query query = Query.query(criteria).with(order).skip(paging.offset()).limit(paging.size());
        return Mono.zip(mongo.find(query, Review.class).map(Review::view).collectList(),
                mongo.count(Query.query(criteria), Review.class))
            .map(t -> paging.page(t.getT1(), t.getT2()));
    }
}
