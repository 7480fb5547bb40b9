-- A user's shipping addresses. At most one is the default (the index says so); orders keep a copy of
-- the one they ship to, so editing or deleting an address never changes an order.
CREATE TABLE addresses (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label       text        CHECK (char_length(label) <= 50),
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    line1       text        NOT NULL CHECK (char_length(line1) BETWEEN 1 AND 200),
    line2       text        CHECK (char_length(line2) <= 200),
    city        text        NOT NULL CHECK (char_length(city) BETWEEN 1 AND 100),
    region      text        CHECK (char_length(region) <= 100),
    postal_code text        NOT NULL CHECK (char_length(postal_code) BETWEEN 1 AND 20),
    country     char(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    is_default  boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX addresses_user_idx ON addresses (user_id, created_at, id);
CREATE UNIQUE INDEX addresses_one_default_idx ON addresses (user_id) WHERE is_default;
