-- A line of a product sold in variants names the variant bought (product-svc's variant id), which is
-- also the id inventory-svc keeps its stock under; null for a product sold as itself.
ALTER TABLE order_items ADD COLUMN variant_id uuid;
CREATE INDEX order_items_variant_idx ON order_items (variant_id) WHERE variant_id IS NOT NULL;
