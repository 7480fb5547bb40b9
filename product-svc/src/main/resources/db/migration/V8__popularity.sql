-- Each order line as order-svc last announced it (order.confirmed|shipped|delivered|cancelled|refunded),
-- so that listings sort by popularity: units sold in orders that stand. A cancelled or refunded order
-- stays here, not counted, so a late older event cannot count it again.
CREATE TABLE product_sales (
    order_id   uuid        NOT NULL,
    product_id uuid        NOT NULL,
    quantity   integer     NOT NULL CHECK (quantity > 0),
    counted    boolean     NOT NULL,
    as_of      timestamptz NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX product_sales_product ON product_sales (product_id) WHERE counted;

-- Units sold per product, recomputed from the rows above under the row's lock.
CREATE TABLE product_popularity (
    product_id uuid PRIMARY KEY,
    units_sold bigint NOT NULL CHECK (units_sold >= 0)
);
CREATE INDEX product_popularity_units ON product_popularity (units_sold DESC);
