CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE vendors (
    id                  uuid PRIMARY KEY,
    owner_user_id       uuid        NOT NULL,
    name                text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    contact_email       citext      NOT NULL,
    contact_phone       text,
    business_name       text        NOT NULL,
    business_type       text        NOT NULL,
    tax_id              text,
    address             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    active              boolean     NOT NULL DEFAULT true,
    verification_status text        NOT NULL DEFAULT 'pending'
        CHECK (verification_status IN ('pending', 'verified', 'rejected')),
    verified_by         uuid,
    verified_at         timestamptz,
    verification_note   text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL DEFAULT 0
);
-- One vendor per user: a user acts for at most one vendor (the token carries one vendorId).
CREATE UNIQUE INDEX vendors_owner_idx ON vendors (owner_user_id);

CREATE TABLE categories (
    id              uuid PRIMARY KEY,
    parent_id       uuid REFERENCES categories (id),
    name            text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    slug            text        NOT NULL UNIQUE,
    sort_order      int         NOT NULL DEFAULT 0,
    active          boolean     NOT NULL DEFAULT true,
    seo_title       text,
    seo_description text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE products (
    id                uuid PRIMARY KEY,
    vendor_id         uuid          NOT NULL REFERENCES vendors (id),
    name              text          NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    slug              text          NOT NULL UNIQUE,
    description       text          NOT NULL DEFAULT '',
    sku               citext        NOT NULL UNIQUE,
    status            text          NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    price             numeric(19,4) NOT NULL CHECK (price >= 0),
    compare_at_price  numeric(19,4) CHECK (compare_at_price IS NULL OR compare_at_price > price),
    currency          char(3)       NOT NULL,
    tags              text[]        NOT NULL DEFAULT '{}',
    attributes        jsonb         NOT NULL DEFAULT '{}'::jsonb,
    weight_grams      int CHECK (weight_grams IS NULL OR weight_grams >= 0),
    length_mm         int CHECK (length_mm IS NULL OR length_mm >= 0),
    width_mm          int CHECK (width_mm IS NULL OR width_mm >= 0),
    height_mm         int CHECK (height_mm IS NULL OR height_mm >= 0),
    seo_title         text,
    seo_description   text,
    published_at      timestamptz,
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    version           bigint        NOT NULL DEFAULT 0,
    search            tsvector      NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops);
CREATE INDEX products_tags_idx ON products USING gin (tags);
CREATE INDEX products_vendor_idx ON products (vendor_id);
CREATE INDEX products_listing_idx ON products (status, created_at DESC, id);
CREATE INDEX products_price_idx ON products (price);

-- Name first, then tags, then description: matches in the name rank highest.
CREATE FUNCTION products_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
               || setweight(to_tsvector('english', coalesce(array_to_string(NEW.tags, ' '), '')), 'B')
               || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END $$;
CREATE TRIGGER products_search_trigger BEFORE INSERT OR UPDATE OF name, tags, description ON products
    FOR EACH ROW EXECUTE FUNCTION products_search_vector();

CREATE TABLE product_categories (
    product_id  uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id uuid NOT NULL REFERENCES categories (id),
    PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category_idx ON product_categories (category_id);

CREATE TABLE product_images (
    product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   int  NOT NULL CHECK (position >= 0),
    url        text NOT NULL,
    alt_text   text NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, position)
);
