-- Availability as inventory-svc last announced it (inventory.stock_changed), for the inStock filter.
-- A table of its own: stock changes must not bump a product's version or collide with its edits.
CREATE TABLE product_stock (
    product_id uuid PRIMARY KEY,
    available  integer     NOT NULL,
    as_of      timestamptz NOT NULL
);
