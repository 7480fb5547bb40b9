package dev.agora.review.review;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.review.clients.Authors;
import dev.agora.review.clients.Catalog;
import dev.agora.review.clients.Purchases;
import dev.agora.defaults.events.types.EventTypes;

/**
 * Writes reviews. Each write changes one document, with its event, atomically; the rating summary
 * is invalidated after every write.
 */
@Service
class Reviews {

    private final ReactiveMongoTemplate mongo;
    private final Catalog catalog;
    private final Purchases purchases;
    private final Authors authors;
    private final ReviewEvents events;
    private final Summaries summaries;
    private final Clock clock;
    private final PendingEvents pending;

    Reviews(ReactiveMongoTemplate mongo, Catalog catalog, Purchases purchases, Authors authors, ReviewEvents events,
            Summaries summaries, Clock clock, PendingEvents pending) {
        this.pending = pending;
        this.mongo = mongo;
        this.catalog = catalog;
        this.purchases = purchases;
        this.authors = authors;
        this.events = events;
        this.summaries = summaries;
        this.clock = clock;
    }

    /** What a client may write: nothing else (verified flag, votes, status, author) is theirs to set. */
    record Content(int rating, String title, String body) {
    }

    /** @param variantId the variant reviewed, of a product sold in variants, or null */
    Mono<Review> create(AgoraPrincipal author, UUID productId, UUID variantId, Content content) {
        Mono<Optional<String>> label = variantId == null ? Mono.just(Optional.empty())
                : catalog.variantLabel(productId, variantId).map(Optional::of)
                    .switchIfEmpty(Mono.error(() -> AgoraException.badRequest("variantId names no variant of the product.")
                        .withErrors(List.of(new Problems.FieldError("variantId", "names no variant of the product")))));
        return catalog.isActive(productId)
            .filter(Boolean::booleanValue)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")))
            .then(Mono.zip(authors.name(author.userId()).defaultIfEmpty("Customer"),
                    purchases.bought(author.userId(), productId, variantId), label))
            .flatMap(t -> Mono.deferContextual(context -> {
                Instant now = now();
                Review review = new Review(Uuids.v7().toString(), productId.toString(),
                        variantId == null ? null : variantId.toString(), t.getT3().orElse(null), author.userId().toString(), t.getT1(),
                        content.rating(), content.title(), content.body(), t.getT2(), 0, ReviewStatus.PUBLISHED, now, now, List.of());
                return mongo.insert(review.withEvent(events.of(EventTypes.REVIEW_CREATED, review, context)));
            }))
            .onErrorMap(DuplicateKeyException.class,
                    ex -> AgoraException.conflict("You have already reviewed this product; edit that review instead."))
            .flatMap(this::written);
    }

    Mono<Review> update(Review current, Content content) {
        Review changed = new Review(current.id(), current.productId(), current.variantId(), current.variantLabel(),
                current.userId(), current.authorName(),
                content.rating(), content.title(), content.body(), current.verifiedPurchase(), current.helpfulCount(),
                current.status(), current.createdAt(), now(), List.of());
        return Mono.deferContextual(context -> {
            Update update = new Update().set("rating", content.rating()).set("title", content.title())
                .set("body", content.body()).set("updatedAt", changed.updatedAt())
                .push("events", events.of(EventTypes.REVIEW_UPDATED, changed, context));
            return modify(current.id(), Criteria.where("status").ne(ReviewStatus.DELETED.value()), update);
        });
    }

    Mono<Void> delete(Review current) {
        Review deleted = withStatus(current, ReviewStatus.DELETED);
        return Mono.deferContextual(context -> {
            Update update = new Update().set("status", ReviewStatus.DELETED.value()).set("updatedAt", deleted.updatedAt())
                .push("events", events.of(EventTypes.REVIEW_DELETED, deleted, context));
            return modify(current.id(), Criteria.where("status").ne(ReviewStatus.DELETED.value()), update);
        }).then();
    }

    /** Hides a published review, or publishes a hidden one again (admin). */
    Mono<Review> setVisibility(Review current, ReviewStatus status) {
        ReviewStatus from = status == ReviewStatus.HIDDEN ? ReviewStatus.PUBLISHED : ReviewStatus.HIDDEN;
        if (current.status() != from) {
            return Mono.error(AgoraException.conflict("The review is " + current.status().value() + "."));
        }
        Review changed = withStatus(current, status);
        return Mono.deferContextual(context -> {
            Update update = new Update().set("status", status.value()).set("updatedAt", changed.updatedAt())
                .push("events", events.of(EventTypes.REVIEW_UPDATED, changed, context));
            return modify(current.id(), Criteria.where("status").is(from.value()), update);
        })
            .switchIfEmpty(Mono.error(() -> AgoraException.conflict("The review changed meanwhile; reload it.")));
    }

    private Mono<Review> modify(String id, Criteria condition, Update update) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(id).andOperator(condition)), update,
                FindAndModifyOptions.options().returnNew(true), Review.class)
            .flatMap(this::written);
    }

    /** After a write with its event: the rating summary is stale, and the event waits for the relay. */
    private Mono<Review> written(Review saved) {
        pending.written();
        return summaries.invalidate(saved.productId()).thenReturn(saved);
    }

    private Review withStatus(Review r, ReviewStatus status) {
        return new Review(r.id(), r.productId(), r.variantId(), r.variantLabel(), r.userId(), r.authorName(), r.rating(), r.title(), r.body(),
                r.verifiedPurchase(), r.helpfulCount(), status, r.createdAt(), now(), List.of());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
