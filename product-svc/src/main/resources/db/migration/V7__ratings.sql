-- Each review's rating as review-svc last announced it (review.created|updated|deleted), so that a
-- listing carries the rating summary and sorts by it without a call per product. Only published
-- reviews count; a hidden or deleted one stays here, not counted, so a late older event cannot revive it.
CREATE TABLE product_review_ratings (
    review_id  text PRIMARY KEY,
    product_id uuid        NOT NULL,
    rating     smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    counted    boolean     NOT NULL,
    as_of      timestamptz NOT NULL
);
CREATE INDEX product_review_ratings_product ON product_review_ratings (product_id) WHERE counted;

-- The summary per product, recomputed from the rows above under the summary's row lock.
CREATE TABLE product_ratings (
    product_id   uuid PRIMARY KEY,
    review_count integer      NOT NULL CHECK (review_count >= 0),
    average      numeric(3,2) CHECK (average BETWEEN 1 AND 5),
    CHECK ((review_count = 0) = (average IS NULL))
);
CREATE INDEX product_ratings_average ON product_ratings (average DESC NULLS LAST, review_count DESC);
