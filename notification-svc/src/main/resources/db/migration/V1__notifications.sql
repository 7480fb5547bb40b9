-- Where to reach users: learnt from user.registered (and vendor contacts from product-svc).
CREATE TABLE recipients (
    user_id    uuid PRIMARY KEY,
    email      text        NOT NULL,
    name       text,
    updated_at timestamptz NOT NULL
);

-- One row per message per channel. In-app rows are the inbox (read_at); email rows are deliveries
-- with their retry state: pending until sent, failed (dead-lettered) after max attempts.
CREATE TABLE notifications (
    id              uuid PRIMARY KEY,
    user_id         uuid,
    channel         text        NOT NULL CHECK (channel IN ('email', 'in_app')),
    type            text        NOT NULL,
    subject         text        NOT NULL,
    body_text       text        NOT NULL,
    body_html       text,
    recipient_email text,
    status          text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'delivered')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    source_event_id uuid,
    data            jsonb,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    read_at         timestamptz,
    CONSTRAINT notifications_email_has_address CHECK (channel <> 'email' OR user_id IS NOT NULL OR recipient_email IS NOT NULL)
);
CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC) WHERE channel = 'in_app';
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE channel = 'email' AND status = 'pending';
CREATE INDEX notifications_failed_idx ON notifications (created_at DESC, id DESC) WHERE status = 'failed';

-- The delivery log: every attempt to send an email, and what came of it.
CREATE TABLE delivery_attempts (
    notification_id uuid        NOT NULL REFERENCES notifications (id),
    attempt         integer     NOT NULL,
    attempted_at    timestamptz NOT NULL,
    succeeded       boolean     NOT NULL,
    error           text,
    PRIMARY KEY (notification_id, attempt)
);
