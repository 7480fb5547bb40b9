-- Stock is held per location (a warehouse or a store). The stock row of a product stays as the total
-- over its locations, kept in the same statements as the levels, so availability reads one row and the
-- total's CHECKs hold besides each level's.
CREATE TABLE locations (
    id          uuid PRIMARY KEY,
    -- NULL: the platform's own, for products sold without a vendor.
    vendor_id   uuid,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind        text        NOT NULL CHECK (kind IN ('warehouse', 'store')),
    -- ISO 3166-1 alpha-2; NULL when not known (such a location is never the nearest).
    country     char(2)     CHECK (country ~ '^[A-Z]{2}$'),
    -- A removed location keeps its history (movements name it) but holds no stock and takes no orders.
    archived_at timestamptz,
    version     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX locations_name_idx ON locations (coalesce(vendor_id, '00000000-0000-0000-0000-000000000000'), lower(name))
    WHERE archived_at IS NULL;
CREATE INDEX locations_vendor_idx ON locations (vendor_id, created_at, id);

CREATE TABLE stock_levels (
    product_id  uuid    NOT NULL REFERENCES stock (product_id),
    location_id uuid    NOT NULL REFERENCES locations (id),
    on_hand     integer NOT NULL CHECK (on_hand >= 0),
    reserved    integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    CONSTRAINT stock_levels_available_not_negative CHECK (reserved <= on_hand),
    PRIMARY KEY (product_id, location_id)
);
CREATE INDEX stock_levels_location_idx ON stock_levels (location_id);

ALTER TABLE stock_movements ADD COLUMN location_id uuid REFERENCES locations (id);

-- Which locations a reservation line took its units from; commit and release act on these rows.
CREATE TABLE reservation_allocations (
    order_id    uuid    NOT NULL,
    product_id  uuid    NOT NULL,
    location_id uuid    NOT NULL REFERENCES locations (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id, location_id),
    FOREIGN KEY (order_id, product_id) REFERENCES reservation_lines (order_id, product_id)
);

-- Until now each vendor's stock was in one unnamed place: that place becomes its main warehouse,
-- holding what the product rows held and what open reservations took.
INSERT INTO locations (id, vendor_id, name, kind, country, created_at, updated_at)
SELECT gen_random_uuid(), vendor_id, 'Main warehouse', 'warehouse', NULL, now(), now()
FROM (SELECT DISTINCT vendor_id FROM stock) vendors;

INSERT INTO stock_levels (product_id, location_id, on_hand, reserved)
SELECT s.product_id, l.id, s.on_hand, s.reserved
FROM stock s JOIN locations l ON l.vendor_id IS NOT DISTINCT FROM s.vendor_id;

INSERT INTO reservation_allocations (order_id, product_id, location_id, quantity)
SELECT rl.order_id, rl.product_id, l.id, rl.quantity
FROM reservation_lines rl JOIN stock s USING (product_id) JOIN locations l ON l.vendor_id IS NOT DISTINCT FROM s.vendor_id;
