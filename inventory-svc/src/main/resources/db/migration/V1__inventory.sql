-- Stock per product. available = on_hand - reserved can never go below zero: the CHECK holds even
-- if a code path forgets to.
CREATE TABLE stock (
    product_id          uuid PRIMARY KEY,
    vendor_id           uuid,
    on_hand             integer     NOT NULL CHECK (on_hand >= 0),
    reserved            integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    low_stock_threshold integer     NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
    version             bigint      NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT stock_available_not_negative CHECK (reserved <= on_hand)
);

-- Every change of on_hand or reserved, who made it and why.
CREATE TABLE stock_movements (
    id             uuid PRIMARY KEY,
    product_id     uuid        NOT NULL REFERENCES stock (product_id),
    kind           text        NOT NULL CHECK (kind IN ('set', 'adjust', 'reserve', 'commit', 'release', 'restock', 'expire')),
    on_hand_delta  integer     NOT NULL,
    reserved_delta integer     NOT NULL,
    on_hand_after  integer     NOT NULL,
    reserved_after integer     NOT NULL,
    reason         text,
    actor          text        NOT NULL,
    order_id       uuid,
    created_at     timestamptz NOT NULL
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, created_at DESC, id DESC);

-- One reservation per order: held until committed (the order is paid) or released.
CREATE TABLE reservations (
    order_id   uuid PRIMARY KEY,
    status     text        NOT NULL CHECK (status IN ('held', 'committed', 'released')),
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    reason     text
);
CREATE INDEX reservations_expiry_idx ON reservations (expires_at) WHERE status = 'held';

CREATE TABLE reservation_lines (
    order_id   uuid    NOT NULL REFERENCES reservations (order_id),
    product_id uuid    NOT NULL REFERENCES stock (product_id),
    quantity   integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
