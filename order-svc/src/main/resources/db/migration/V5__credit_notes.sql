-- Each refund of an order's payment as payment-svc reported it (payment.refunded), so the receipt
-- carries one credit note per refund: when, how much and why. Keyed by payment-svc's refund id, so a
-- redelivered event adds nothing.
CREATE TABLE order_refunds (
    refund_id   uuid          PRIMARY KEY,
    order_id    uuid          NOT NULL REFERENCES orders (id),
    payment_id  uuid          NOT NULL,
    amount      numeric(19,4) NOT NULL CHECK (amount > 0),
    reason      text,
    refunded_at timestamptz   NOT NULL
);
CREATE INDEX order_refunds_order_idx ON order_refunds (order_id, refunded_at);

-- Orders refunded before refunds were itemised: what is known is their sum.
INSERT INTO order_refunds (refund_id, order_id, payment_id, amount, reason, refunded_at)
SELECT gen_random_uuid(), id, payment_id, refunded, 'refunds made before ' || CURRENT_DATE || ', together', updated_at
FROM orders WHERE refunded > 0 AND payment_id IS NOT NULL;
