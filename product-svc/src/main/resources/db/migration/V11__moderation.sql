-- Moderation: a product a vendor creates waits for an admin's review before shoppers see it.
-- Products that exist already were in the catalogue before moderation: they count as approved.
ALTER TABLE products
    ADD COLUMN moderation text NOT NULL DEFAULT 'approved'
        CHECK (moderation IN ('pending_review', 'approved', 'rejected')),
    ADD COLUMN moderation_reason text CHECK (moderation_reason IS NULL OR length(moderation_reason) <= 1000),
    -- When the product last went (back) into review: the queue serves equal scores oldest first.
    ADD COLUMN submitted_at timestamptz,
    ADD COLUMN moderated_by uuid,
    ADD COLUMN moderated_at timestamptz,
    -- A rejection always says why; the vendor reads it.
    ADD CONSTRAINT products_rejection_reason CHECK (moderation <> 'rejected' OR moderation_reason IS NOT NULL);

-- New rows name their moderation state: the writer decides who is trusted.
ALTER TABLE products ALTER COLUMN moderation DROP DEFAULT;

CREATE INDEX products_review_queue_idx ON products (submitted_at, id) WHERE moderation = 'pending_review';
