-- Password reset tokens: only the SHA-256 of each (the token itself exists in the email alone).
-- A token works once, until expires_at; a completed reset spends every other token of the user.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
-- Counting a user's recent requests (the hourly limit) and spending their open tokens.
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at);
