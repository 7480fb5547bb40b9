CREATE TABLE product_imports (
    id           uuid PRIMARY KEY,
    requested_by uuid        NOT NULL,
    vendor_id    uuid REFERENCES vendors (id),
    admin        boolean     NOT NULL,
    file_name    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    total        bigint      NOT NULL DEFAULT 0,
    processed    bigint      NOT NULL DEFAULT 0,
    succeeded    bigint      NOT NULL DEFAULT 0,
    failed       bigint      NOT NULL DEFAULT 0,
    duplicates   bigint      NOT NULL DEFAULT 0,
    error        text,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz
);
CREATE INDEX product_imports_requester_idx ON product_imports (requested_by, created_at DESC);

-- Per-row problems, kept for the first 1,000 rows that have any.
CREATE TABLE product_import_errors (
    import_id  uuid   NOT NULL REFERENCES product_imports (id) ON DELETE CASCADE,
    row_number bigint NOT NULL,
    field      text   NOT NULL,
    message    text   NOT NULL
);
CREATE INDEX product_import_errors_import_idx ON product_import_errors (import_id, row_number);
