CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         citext      NOT NULL,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL CHECK (cardinality(roles) >= 1),
    vendor_id     uuid,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 0,
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_roles_idx ON users USING gin (roles);
CREATE INDEX users_created_idx ON users (created_at, id);

-- One row per refresh token ever issued; a family is one login session.
CREATE TABLE refresh_tokens (
    id              uuid PRIMARY KEY,
    family_id       uuid        NOT NULL,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      bytea       NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    idle_expires_at timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

-- Access tokens issued per session, so that ending a session also revokes its live access tokens.
CREATE TABLE access_tokens (
    jti        text PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX access_tokens_family_idx ON access_tokens (family_id);
CREATE INDEX access_tokens_user_idx ON access_tokens (user_id);

-- Login attempts per account that have not (yet) succeeded, also for unknown emails so that
-- throttling reveals nothing. An attempt is recorded before the password is checked, which keeps
-- the limit exact under concurrent guessing; a success clears the account's rows.
CREATE TABLE login_failures (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email     citext      NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, failed_at);
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);
