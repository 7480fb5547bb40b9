-- The W3C trace context of the event that queued an email, so that sending it continues that trace.
ALTER TABLE notifications ADD COLUMN traceparent text;
