-- An optional GTIN per product, as given (8, 12, 13 or 14 digits). One trade item has one number
-- however long it is written, so uniqueness is on its zero-padded GTIN-14 form, which lookups use too.
ALTER TABLE products ADD COLUMN barcode text CHECK (barcode ~ '^([0-9]{8}|[0-9]{12,14})$');
CREATE UNIQUE INDEX products_barcode_key ON products (lpad(barcode, 14, '0')) WHERE barcode IS NOT NULL;
