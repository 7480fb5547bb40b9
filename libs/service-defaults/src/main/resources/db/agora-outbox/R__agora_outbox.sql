-- Transactional outbox shared by every producing service (libs/service-defaults).
-- Repeatable and idempotent so that it never collides with a service's own versioned migrations.
CREATE TABLE IF NOT EXISTS outbox (
    id           uuid PRIMARY KEY,
    stream       text        NOT NULL,
    type         text        NOT NULL,
    subject      text        NOT NULL,
    envelope     jsonb       NOT NULL,
    occurred_at  timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (occurred_at) WHERE published_at IS NULL;
