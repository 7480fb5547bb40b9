-- Variants: the sizes, colours or materials a product is sold in, each a unit of its own with a SKU,
-- a price and an optional barcode. inventory-svc keeps stock per variant under the variant's id (as it
-- does per product under the product's), so its id never changes while the variant exists: a product
-- write keeps the variants it names by id, adds those without one and removes the rest.
CREATE TABLE product_variants (
    id         uuid PRIMARY KEY,
    product_id uuid          NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   int           NOT NULL CHECK (position >= 0),
    sku        citext        NOT NULL UNIQUE,
    barcode    text          CHECK (barcode ~ '^([0-9]{8}|[0-9]{12,14})$'),
    price      numeric(19,4) NOT NULL CHECK (price >= 0),
    -- What tells it apart: option name to value, e.g. {"size": "M", "colour": "red"}; every variant of a
    -- product names the same options, and no two have the same values.
    options    jsonb         NOT NULL CHECK (jsonb_typeof(options) = 'object'),
    CONSTRAINT product_variants_options_key UNIQUE (product_id, options)
);
CREATE INDEX product_variants_product_idx ON product_variants (product_id, position);
CREATE UNIQUE INDEX product_variants_barcode_key ON product_variants (lpad(barcode, 14, '0')) WHERE barcode IS NOT NULL;

-- A SKU or a barcode names one thing to sell, a product or a variant: unique across both tables. An
-- index cannot span two tables, so a trigger on each checks the other under a transaction-scoped lock
-- on the value, which makes two concurrent writes of one value take turns (the second then sees the
-- first's row, committed, or nothing if it rolled back).
CREATE FUNCTION sellable_codes_unique() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other text := CASE WHEN TG_TABLE_NAME = 'products' THEN 'product_variants' ELSE 'products' END;
    taken boolean;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sku:' || lower(NEW.sku::text)));
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE sku = $1)', other) INTO taken USING NEW.sku;
    IF taken THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "sellable_sku_key"'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'sellable_sku_key';
    END IF;
    IF NEW.barcode IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('gtin:' || lpad(NEW.barcode, 14, '0')));
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE barcode IS NOT NULL AND lpad(barcode, 14, ''0'') = $1)', other)
            INTO taken USING lpad(NEW.barcode, 14, '0');
        IF taken THEN
            RAISE EXCEPTION 'duplicate key value violates unique constraint "sellable_barcode_key"'
                USING ERRCODE = 'unique_violation', CONSTRAINT = 'sellable_barcode_key';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER products_codes_unique BEFORE INSERT OR UPDATE OF sku, barcode ON products
    FOR EACH ROW EXECUTE FUNCTION sellable_codes_unique();
CREATE TRIGGER product_variants_codes_unique BEFORE INSERT OR UPDATE OF sku, barcode ON product_variants
    FOR EACH ROW EXECUTE FUNCTION sellable_codes_unique();

-- Search finds a product by its variants' option values too ("tee red"), weighted like its tags. The
-- vector lives on the product, so a write of variants ends by recomputing it (ProductRepository);
-- the trigger gains the "search" column, which that write names.
CREATE OR REPLACE FUNCTION products_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
               || setweight(to_tsvector('english', coalesce((SELECT string_agg(value, ' ') FROM jsonb_each_text(NEW.names)), '')), 'A')
               || setweight(to_tsvector('english', coalesce(array_to_string(NEW.tags, ' '), '')), 'B')
               || setweight(to_tsvector('english', coalesce((SELECT string_agg(o.value, ' ') FROM product_variants pv
                      CROSS JOIN LATERAL jsonb_each_text(pv.options) o WHERE pv.product_id = NEW.id), '')), 'B')
               || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END $$;
DROP TRIGGER products_search_trigger ON products;
CREATE TRIGGER products_search_trigger BEFORE INSERT OR UPDATE OF name, names, tags, description, search ON products
    FOR EACH ROW EXECUTE FUNCTION products_search_vector();
