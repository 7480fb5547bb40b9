package dev.agora.review.review;

import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;

/**
 * One helpful vote per user per review: the vote's id is review and user together, so a second
 * vote is a duplicate key and changes nothing; the count moves only for a vote that was new.
 */
@Component
class HelpfulVotes {

    @Document("helpful_votes")
    record Vote(@Id String id, String reviewId, String userId, Instant votedAt) {
    }

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    HelpfulVotes(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    Mono<Review> vote(AgoraPrincipal voter, Review review) {
        if (voter.is(java.util.UUID.fromString(review.userId()))) {
            return Mono.error(AgoraException.conflict("Authors cannot vote for their own review."));
        }
        Vote vote = new Vote(review.id() + ":" + voter.userId(), review.id(), voter.userId().toString(), clock.instant());
        return mongo.insert(vote)
            .flatMap(saved -> mongo.findAndModify(Query.query(Criteria.where("_id").is(review.id())),
                    new Update().inc("helpfulCount", 1), FindAndModifyOptions.options().returnNew(true), Review.class))
            .onErrorResume(DuplicateKeyException.class, again -> mongo.findById(review.id(), Review.class));
    }
}
