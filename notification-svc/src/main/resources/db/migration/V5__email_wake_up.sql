-- A queued email wakes the sender (LISTEN agora_email) instead of it polling every half second; the
-- notice is sent at commit, once per transaction. Retries come due by time and are found by the
-- sender's regular look.
CREATE OR REPLACE FUNCTION agora_email_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('agora_email', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_email_queued AFTER INSERT ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION agora_email_notify();
