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
-- The relay forgets published rows after the retention (7 days by default) every few seconds; without
-- this index each of those deletes read the whole table, which holds every event of the retention.
CREATE INDEX IF NOT EXISTS outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Committed rows wake the relay (LISTEN agora_outbox) instead of it polling for them: the notice is
-- sent at commit, once per transaction however many rows it wrote, and never for a rollback.
CREATE OR REPLACE FUNCTION agora_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('agora_outbox', '');
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION agora_outbox_notify();
