-- A newsletter's Idempotency-Key, per admin: a POST sent again (a retry after a timeout, a second
-- click) answers with the newsletter the first created instead of mailing every user again.
-- request_hash tells a repeat from a different newsletter under the same key. Older rows have none.
ALTER TABLE newsletters ADD COLUMN idempotency_key text, ADD COLUMN request_hash text;
CREATE UNIQUE INDEX newsletters_idempotency_idx ON newsletters (created_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
