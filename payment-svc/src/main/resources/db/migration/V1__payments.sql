-- Payments. Card data never reaches Agora: payment_method is the provider's token (e.g. pm_card_visa),
-- brand and last 4 are what the provider reports back.
CREATE TABLE payments (
    id                 uuid PRIMARY KEY,
    order_id           uuid          NOT NULL,
    user_id            uuid          NOT NULL,
    amount             numeric(19,4) NOT NULL CHECK (amount > 0),
    currency           char(3)       NOT NULL,
    refunded_amount    numeric(19,4) NOT NULL DEFAULT 0,
    status             text          NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded')),
    payment_method     text          NOT NULL,
    card_brand         text,
    card_last4         text,
    provider           text          NOT NULL,
    provider_reference text,
    failure_code       text,
    failure_message    text,
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL,
    -- Never more refunded than captured, whatever the interleaving of refunds.
    CONSTRAINT payments_refund_within_amount CHECK (refunded_amount >= 0 AND refunded_amount <= amount)
);
-- At most one payment per order that is, or may become, a charge: a second charge of the same
-- order is refused by the database even if two callers race with different idempotency keys.
CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id) WHERE status <> 'failed';
CREATE INDEX payments_order_idx ON payments (order_id, created_at);
CREATE INDEX payments_pending_idx ON payments (updated_at) WHERE status = 'pending';

-- Idempotency-Key of POST /payments, scoped to the caller (DESIGN.md). Kept for the configured
-- retention (24 h by default), then forgotten.
CREATE TABLE payment_idempotency_keys (
    owner_id     uuid        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    -- Deferred: the key is claimed first, so that a concurrent duplicate waits on it, then the payment.
    payment_id   uuid        NOT NULL REFERENCES payments (id) DEFERRABLE INITIALLY DEFERRED,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX payment_idempotency_keys_age_idx ON payment_idempotency_keys (created_at);

CREATE TABLE refunds (
    id                 uuid PRIMARY KEY,
    payment_id         uuid          NOT NULL REFERENCES payments (id),
    amount             numeric(19,4) NOT NULL CHECK (amount > 0),
    reason             text,
    provider_reference text          NOT NULL,
    requested_by       text          NOT NULL,
    idempotency_key    text,
    created_at         timestamptz   NOT NULL,
    UNIQUE (payment_id, idempotency_key)
);

-- The simulated provider's own books, standing in for the provider's side: what it charged and
-- refunded, keyed by Agora's ids so that a retried charge is never taken twice.
CREATE TABLE simulated_provider_charges (
    reference      text PRIMARY KEY,
    payment_id     uuid          NOT NULL UNIQUE,
    amount         numeric(19,4) NOT NULL,
    currency       char(3)       NOT NULL,
    payment_method text          NOT NULL,
    succeeded      boolean       NOT NULL,
    failure_code   text,
    created_at     timestamptz   NOT NULL
);

CREATE TABLE simulated_provider_refunds (
    reference        text PRIMARY KEY,
    refund_id        uuid          NOT NULL UNIQUE,
    charge_reference text          NOT NULL REFERENCES simulated_provider_charges (reference),
    amount           numeric(19,4) NOT NULL,
    created_at       timestamptz   NOT NULL
);
