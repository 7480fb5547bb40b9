-- A customer (or an admin) cancels one vendor's part of an order before it ships: the part is
-- CANCELLED with the amount its lines are refunded, and the saga's refund_parts step refunds that
-- amount and returns those lines' stock, marking the part compensated once both are done. A crash
-- in between leaves the part uncompensated and the saga at refund_parts, so recovery finishes it.
ALTER TABLE orders DROP CONSTRAINT orders_saga_step_check;
ALTER TABLE orders ADD CONSTRAINT orders_saga_step_check
    CHECK (saga_step IN ('reserve', 'charge', 'commit', 'refund', 'release', 'refund_parts', 'done'));

ALTER TABLE order_fulfilments DROP CONSTRAINT order_fulfilments_status_check;
ALTER TABLE order_fulfilments ADD CONSTRAINT order_fulfilments_status_check
    CHECK (status IN ('SHIPPED', 'DELIVERED', 'CANCELLED'));
ALTER TABLE order_fulfilments ALTER COLUMN shipped_at DROP NOT NULL;
ALTER TABLE order_fulfilments ADD COLUMN cancelled_at timestamptz;
ALTER TABLE order_fulfilments ADD COLUMN refund_amount numeric(19,4) CHECK (refund_amount >= 0);
ALTER TABLE order_fulfilments ADD COLUMN compensated_at timestamptz;
ALTER TABLE order_fulfilments ADD CONSTRAINT order_fulfilments_cancelled CHECK (
    (status = 'CANCELLED') = (cancelled_at IS NOT NULL AND refund_amount IS NOT NULL AND shipped_at IS NULL)
    AND (status = 'CANCELLED' OR shipped_at IS NOT NULL)
    AND (compensated_at IS NULL OR status = 'CANCELLED'));
