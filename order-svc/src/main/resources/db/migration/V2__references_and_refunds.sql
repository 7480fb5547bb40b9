-- A human reference per order (AG-XXXX-XXXX, Crockford base32: no I, L, O or U), unique across all
-- customers, for emails, the order page and look-ups. The first 8 characters of a time-ordered UUID
-- were the same for every order placed within about a minute.
ALTER TABLE orders ADD COLUMN reference text;
-- Existing orders: hex digits are a subset of the Crockford alphabet.
UPDATE orders SET reference = 'AG-' || upper(substr(md5(id::text), 1, 4)) || '-' || upper(substr(md5(id::text), 5, 4));
ALTER TABLE orders ALTER COLUMN reference SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_reference UNIQUE (reference);

-- What was refunded of the order's payment (payment-svc's payment.refunded events): a refund moves
-- the order, so a fully refunded order can no longer ship and a partial refund shows on it.
ALTER TABLE orders ADD COLUMN refunded numeric(19,4) NOT NULL DEFAULT 0;
ALTER TABLE orders ADD CONSTRAINT orders_refunded_within_total CHECK (refunded >= 0 AND refunded <= total);
