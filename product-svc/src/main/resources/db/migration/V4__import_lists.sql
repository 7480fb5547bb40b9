-- The list of imports: newest first for everyone (admins), or for one vendor.
CREATE INDEX product_imports_created_idx ON product_imports (created_at DESC, id DESC);
CREATE INDEX product_imports_vendor_idx ON product_imports (vendor_id, created_at DESC);
