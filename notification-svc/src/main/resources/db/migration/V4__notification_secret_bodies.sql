-- An email whose body carries a secret (a password reset link) is sent from here like any other,
-- but its body is never shown through the API, to its user or to an admin.
ALTER TABLE notifications ADD COLUMN body_withheld boolean NOT NULL DEFAULT false;
