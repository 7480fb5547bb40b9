-- A new newsletter wakes its sender (LISTEN agora_newsletter) at commit instead of it asking every
-- few seconds; the sender's own look, once a minute, is the safety net for a lost notice.
CREATE OR REPLACE FUNCTION agora_newsletter_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('agora_newsletter', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER newsletters_queued AFTER INSERT ON newsletters
    FOR EACH STATEMENT EXECUTE FUNCTION agora_newsletter_notify();
