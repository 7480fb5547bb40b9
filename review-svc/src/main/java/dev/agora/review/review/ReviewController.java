package dev.agora.review.review;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.defaults.web.Problems;

/**
 * Reviews. Reading is public; writing needs an account; a review is changed or deleted by its
 * author or an admin (anyone else gets 404); hiding is for admins. Text is stored and returned as
 * plain text: clients must escape it.
 */
@RestController
@RequestMapping("/api/v1/reviews")
class ReviewController {

    private static final Map<String, Sort> SORTS = Map.of(
            "newest", Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")),
            "rating_desc", Sort.by(Sort.Order.desc("rating"), Sort.Order.desc("createdAt"), Sort.Order.desc("_id")),
            "rating_asc", Sort.by(Sort.Order.asc("rating"), Sort.Order.desc("createdAt"), Sort.Order.desc("_id")),
            "helpful", Sort.by(Sort.Order.desc("helpfulCount"), Sort.Order.desc("createdAt"), Sort.Order.desc("_id")));

    private final Reviews reviews;
    private final HelpfulVotes votes;
    private final Summaries summaries;
    private final ReviewQueries queries;

    ReviewController(Reviews reviews, HelpfulVotes votes, Summaries summaries, ReviewQueries queries) {
        this.reviews = reviews;
        this.votes = votes;
        this.summaries = summaries;
        this.queries = queries;
    }

    record NewReview(@NotNull UUID productId,
            @Schema(description = "the variant you bought, of a product sold in variants; optional") UUID variantId,
            @NotNull @Min(1) @Max(5) Integer rating,
            @NotBlank @Size(max = 120) String title, @NotBlank @Size(max = 4000) String body) {
    }

    record ReviewChange(@NotNull @Min(1) @Max(5) Integer rating, @NotBlank @Size(max = 120) String title,
            @NotBlank @Size(max = 4000) String body) {
    }

    @Operation(summary = "Review a product once (409 for a second review); verified if you bought it",
            description = "Title and body are stored and returned as plain text, exactly as sent: clients must escape them "
                    + "when they render HTML.")
    @ApiResponse(responseCode = "201", description = "The review", useReturnTypeSchema = true)
    @PostMapping
    Mono<ResponseEntity<Review.View>> create(AgoraPrincipal caller, @Valid @RequestBody NewReview request) {
        return reviews.create(caller, request.productId(), request.variantId(), new Reviews.Content(request.rating(), request.title(), request.body()))
            .map(r -> ResponseEntity.status(HttpStatus.CREATED).body(r.view()));
    }

    @Operation(summary = "A published review (hidden ones for their author and admins)")
    @GetMapping("/{id}")
    Mono<Review.View> get(Optional<AgoraPrincipal> caller, @PathVariable String id) {
        return queries.find(id)
            .filter(r -> ReviewStatus.PUBLISHED.equals(r.status()) || (!ReviewStatus.DELETED.equals(r.status())
                    && caller.filter(c -> c.isAdmin() || ownedBy(c, r)).isPresent()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The review")))
            .map(Review::view);
    }

    @Operation(summary = "Change your review (author or admin; others 404)")
    @PutMapping("/{id}")
    Mono<Review.View> update(AgoraPrincipal caller, @PathVariable String id, @Valid @RequestBody ReviewChange change) {
        return writable(caller, id)
            .flatMap(r -> reviews.update(r, new Reviews.Content(change.rating(), change.title(), change.body())))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The review")))
            .map(Review::view);
    }

    @Operation(summary = "Delete your review (author or admin; others 404)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(AgoraPrincipal caller, @PathVariable String id) {
        return writable(caller, id).flatMap(reviews::delete).thenReturn(ResponseEntity.<Void>noContent().build());
    }

    @Operation(summary = "Published reviews of a product; sort newest | rating_desc | rating_asc | helpful",
            description = "Title and body are plain text: clients must escape them when they render HTML.")
    @GetMapping("/product/{productId}")
    Mono<PageQuery.Page<Review.View>> ofProduct(@PathVariable UUID productId,
            @RequestParam(defaultValue = "newest") String sort, @RequestParam(required = false) Integer rating,
            @RequestParam(required = false) Boolean verified,
            @Parameter(description = "only reviews of this variant") @RequestParam(required = false) UUID variantId,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageQuery paging = PageQuery.of(page, size);
        Sort order = SORTS.get(sort);
        if (order == null) {
            throw AgoraException.badRequest("Unknown sort " + sort + ".")
                .withErrors(List.of(new Problems.FieldError("sort", "must be one of " + new java.util.TreeSet<>(SORTS.keySet()))));
        }
        if (rating != null && (rating < 1 || rating > 5)) {
            throw AgoraException.badRequest("rating must be between 1 and 5.")
                .withErrors(List.of(new Problems.FieldError("rating", "must be between 1 and 5")));
        }
        Criteria criteria = Criteria.where("productId").is(productId.toString()).and("status").is(ReviewStatus.PUBLISHED.value());
        if (rating != null) {
            criteria = criteria.and("rating").is(rating);
        }
        if (verified != null) {
            criteria = criteria.and("verifiedPurchase").is(verified);
        }
        if (variantId != null) {
            criteria = criteria.and("variantId").is(variantId.toString());
        }
        return page(criteria, order, paging);
    }

    @Operation(summary = "A product's rating summary: average (2 decimals), count, histogram 1-5")
    @GetMapping("/product/{productId}/summary")
    Mono<Summaries.Summary> summary(@PathVariable UUID productId) {
        return summaries.of(productId.toString());
    }

    @Operation(summary = "My reviews, hidden ones included")
    @GetMapping("/me")
    Mono<PageQuery.Page<Review.View>> mine(AgoraPrincipal caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Criteria criteria = Criteria.where("userId").is(caller.userId().toString()).and("status").ne(ReviewStatus.DELETED.value());
        return page(criteria, SORTS.get("newest"), PageQuery.of(page, size));
    }

    @Operation(summary = "Mark a review helpful; once per user, again changes nothing")
    @PostMapping("/{id}/helpful")
    Mono<Review.View> helpful(AgoraPrincipal caller, @PathVariable String id) {
        return published(id).flatMap(r -> votes.vote(caller, r)).map(Review::view);
    }

    @Operation(summary = "Hide a review from lists and the summary (admin)")
    @PostMapping("/{id}/hide")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Review.View> hide(AgoraPrincipal caller, @PathVariable String id) {
        return existing(id).flatMap(r -> reviews.setVisibility(r, ReviewStatus.HIDDEN)).map(Review::view);
    }

    @Operation(summary = "Publish a hidden review again (admin)")
    @PostMapping("/{id}/unhide")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Review.View> unhide(AgoraPrincipal caller, @PathVariable String id) {
        return existing(id).flatMap(r -> reviews.setVisibility(r, ReviewStatus.PUBLISHED)).map(Review::view);
    }

    private Mono<PageQuery.Page<Review.View>> page(Criteria criteria, Sort order, PageQuery paging) {
        return queries.page(criteria, order, paging);
    }

    private Mono<Review> writable(AgoraPrincipal caller, String id) {
        return existing(id)
            .filter(r -> caller.isAdmin() || ownedBy(caller, r))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The review")));
    }

    private Mono<Review> existing(String id) {
        return queries.find(id)
            .filter(r -> !ReviewStatus.DELETED.equals(r.status()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The review")));
    }

    private Mono<Review> published(String id) {
        return existing(id).filter(r -> ReviewStatus.PUBLISHED.equals(r.status()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The review")));
    }

    private static boolean ownedBy(AgoraPrincipal caller, Review review) {
        return caller.userId().toString().equals(review.userId());
    }
}
