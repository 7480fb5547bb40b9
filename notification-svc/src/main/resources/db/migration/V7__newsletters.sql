-- Newsletters (marketing mail): an admin writes one; every user gets it in the inbox, and by email
-- those whose address is proven (user.email_verified) and who did not turn the marketing topic off.
ALTER TABLE recipients ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_topic_check;
ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_topic_check
    CHECK (topic IN ('low_stock', 'marketing'));

CREATE TABLE newsletters (
    id           uuid PRIMARY KEY,
    subject      text        NOT NULL,
    body_text    text        NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    status       text        NOT NULL CHECK (status IN ('sending', 'sent')),
    -- The last recipient (by user id) handed its copy: batches resume after it, after a crash too,
    -- because a batch's messages and this move commit together.
    last_user_id uuid,
    emailed      integer     NOT NULL DEFAULT 0,
    delivered    integer     NOT NULL DEFAULT 0,
    completed_at timestamptz
);
CREATE INDEX newsletters_sending_idx ON newsletters (created_at) WHERE status = 'sending';
CREATE INDEX newsletters_list_idx ON newsletters (created_at DESC, id DESC);
