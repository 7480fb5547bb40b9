-- What a user chose not to receive by email, per topic. No row: the topic's default (email on).
-- Transactional mail (orders, payments, the account) has no row: it is always sent.
CREATE TABLE notification_preferences (
    user_id    uuid        NOT NULL,
    topic      text        NOT NULL CHECK (topic IN ('low_stock')),
    email      boolean     NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, topic)
);
