-- One fulfilment per vendor of an order: each vendor ships (with a carrier and tracking number) and
-- delivers its own lines, and the order's status follows from its fulfilments. A row exists once a
-- vendor's part has shipped; a vendor with lines and no row has not shipped yet.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'CONFIRMED', 'PAYMENT_FAILED',
    'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'));

CREATE TABLE order_fulfilments (
    order_id        uuid        NOT NULL REFERENCES orders (id),
    -- Null for lines bought before products named their vendor: only admins ship those.
    vendor_id       uuid,
    status          text        NOT NULL CHECK (status IN ('SHIPPED', 'DELIVERED')),
    carrier         text,
    tracking_number text,
    shipped_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    CONSTRAINT order_fulfilments_key UNIQUE NULLS NOT DISTINCT (order_id, vendor_id),
    CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL)),
    CHECK (tracking_number IS NULL OR carrier IS NOT NULL)
);
CREATE INDEX order_fulfilments_vendor_idx ON order_fulfilments (vendor_id, order_id);

-- Orders that shipped before fulfilments existed shipped whole, every vendor's part at once.
INSERT INTO order_fulfilments (order_id, vendor_id, status, shipped_at, delivered_at)
SELECT DISTINCT o.id, i.vendor_id, CASE WHEN o.status = 'DELIVERED' THEN 'DELIVERED' ELSE 'SHIPPED' END, o.updated_at,
       CASE WHEN o.status = 'DELIVERED' THEN o.updated_at END
FROM orders o JOIN order_items i ON i.order_id = o.id
WHERE o.status IN ('SHIPPED', 'DELIVERED');
