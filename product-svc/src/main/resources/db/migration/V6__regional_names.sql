-- Localized names by BCP 47 language tag ({"hi-IN": "...", "ta-IN": "..."}), found by search like the name.
ALTER TABLE products ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE OR REPLACE FUNCTION products_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
               || setweight(to_tsvector('english', coalesce((SELECT string_agg(value, ' ') FROM jsonb_each_text(NEW.names)), '')), 'A')
               || setweight(to_tsvector('english', coalesce(array_to_string(NEW.tags, ' '), '')), 'B')
               || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END $$;
DROP TRIGGER products_search_trigger ON products;
CREATE TRIGGER products_search_trigger BEFORE INSERT OR UPDATE OF name, names, tags, description ON products
    FOR EACH ROW EXECUTE FUNCTION products_search_vector();
