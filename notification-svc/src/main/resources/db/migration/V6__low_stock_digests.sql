-- Low-stock alerts waiting for their vendor's next digest email: one row per stock item (a product,
-- or a variant), with its latest level. The inbox gets each alert at once; email comes as a digest.
CREATE TABLE low_stock_digest_items (
    vendor_id        uuid        NOT NULL,
    item_id          uuid        NOT NULL,
    available        integer     NOT NULL,
    threshold        integer     NOT NULL,
    -- first_noticed_at: how long the vendor has waited; noticed_at: the level's, so that a digest
    -- takes only the levels it listed and a newer one waits for the next digest.
    first_noticed_at timestamptz NOT NULL,
    noticed_at       timestamptz NOT NULL,
    PRIMARY KEY (vendor_id, item_id)
);

-- When each vendor was last sent a digest: at most one per interval, however many instances run.
CREATE TABLE low_stock_digests_sent (
    vendor_id uuid PRIMARY KEY,
    sent_at   timestamptz NOT NULL
);
