-- A committed order can give back some of its lines (a customer cancels one vendor's part before it
-- ships): each line records when its stock went back, so a later release of the rest, or a retried
-- one, never returns a line twice.
ALTER TABLE reservation_lines ADD COLUMN released_at timestamptz;
