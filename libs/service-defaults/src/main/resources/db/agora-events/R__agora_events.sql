-- Event ids a consumer has handled (libs/service-defaults, events). Repeatable and idempotent so
-- that it never collides with a service's own versioned migrations.
CREATE TABLE IF NOT EXISTS agora_processed_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS agora_processed_event_age_idx ON agora_processed_event (processed_at);
