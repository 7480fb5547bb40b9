-- Email verification. An account proves its address by a single-use emailed link; until then it
-- can browse and keep a cart but not check out.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
-- Accounts made before verification existed signed up under the old terms and have been buying:
-- they count as verified rather than being stopped at their next checkout.
UPDATE users SET email_verified_at = created_at;

-- Verification tokens: only the SHA-256 of each (the token itself exists in the email alone).
-- A token works once, until expires_at; verifying spends every other open token of the user.
CREATE TABLE email_verifications (
    token_hash bytea PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
-- Counting a user's recent links (the hourly limit) and spending their open tokens.
CREATE INDEX email_verifications_user_idx ON email_verifications (user_id, created_at);
