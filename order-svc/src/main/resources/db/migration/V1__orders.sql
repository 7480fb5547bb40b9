-- Orders with a snapshot of what was bought at which price; the checkout saga's progress lives on the
-- order row, so a restarted order-svc can finish or compensate every unfinished checkout.
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    user_id          uuid          NOT NULL,
    status           text          NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'PAYMENT_FAILED', 'SHIPPED',
                                                              'DELIVERED', 'CANCELLED', 'REFUNDED')),
    status_reason    text,
    failure_code     text,
    currency         char(3)       NOT NULL,
    subtotal         numeric(19,4) NOT NULL CHECK (subtotal >= 0),
    shipping         numeric(19,4) NOT NULL CHECK (shipping >= 0),
    total            numeric(19,4) NOT NULL CHECK (total = subtotal + shipping),
    shipping_address jsonb         NOT NULL,
    payment_method   text          NOT NULL,
    payment_id       uuid,
    idempotency_key  text          NOT NULL,
    request_hash     text          NOT NULL,
    -- The saga: the next step to run, the status compensation ends in, and a lease so that one
    -- instance at a time drives an order (the request that created it, or the recovery loop).
    saga_step        text          NOT NULL CHECK (saga_step IN ('reserve', 'charge', 'commit', 'refund', 'release', 'done')),
    saga_outcome     text,
    saga_attempts    integer       NOT NULL DEFAULT 0,
    saga_lease_until timestamptz,
    saga_last_error  text,
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    -- Idempotency-Key scoped to the customer, kept with the order.
    CONSTRAINT orders_idempotency_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);
CREATE INDEX orders_saga_idx ON orders (saga_lease_until) WHERE saga_step <> 'done';

CREATE TABLE order_items (
    order_id   uuid          NOT NULL REFERENCES orders (id),
    line       integer       NOT NULL,
    product_id uuid          NOT NULL,
    vendor_id  uuid,
    name       text          NOT NULL,
    sku        text          NOT NULL,
    unit_price numeric(19,4) NOT NULL CHECK (unit_price >= 0),
    quantity   integer       NOT NULL CHECK (quantity > 0),
    line_total numeric(19,4) NOT NULL CHECK (line_total = unit_price * quantity),
    PRIMARY KEY (order_id, line)
);
CREATE INDEX order_items_vendor_idx ON order_items (vendor_id, order_id);
CREATE INDEX order_items_product_idx ON order_items (product_id, order_id);

CREATE TABLE order_status_history (
    id          uuid PRIMARY KEY,
    order_id    uuid        NOT NULL REFERENCES orders (id),
    from_status text,
    to_status   text        NOT NULL,
    actor       text        NOT NULL,
    reason      text,
    created_at  timestamptz NOT NULL
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, created_at, id);
