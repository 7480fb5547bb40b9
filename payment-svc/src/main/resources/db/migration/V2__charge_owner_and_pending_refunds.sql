-- A pending charge has an owner: the process that is asking the provider renews this lease while
-- the call runs, and the sweeper settles only pending payments whose lease ran out, so a slow but
-- live charge is never abandoned under its owner.
ALTER TABLE payments ADD COLUMN owner_lease_until timestamptz;

-- The order's human reference (order-svc passes it), so messages about a payment can name the order.
ALTER TABLE payments ADD COLUMN order_reference text;

-- A refund is written pending, with the id the provider dedupes on, before the provider is asked,
-- and settled afterwards; a retry (the caller's, or the sweeper's) asks the provider again with the
-- same id, so a failure anywhere after the provider refunded never refunds twice.
ALTER TABLE refunds ADD COLUMN status text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('pending', 'succeeded'));
ALTER TABLE refunds ALTER COLUMN provider_reference DROP NOT NULL;
ALTER TABLE refunds ADD CONSTRAINT refunds_settled_have_reference CHECK (status = 'pending' OR provider_reference IS NOT NULL);
CREATE INDEX refunds_pending_idx ON refunds (created_at) WHERE status = 'pending';
