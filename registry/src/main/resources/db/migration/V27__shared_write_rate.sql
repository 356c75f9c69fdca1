-- The write rate limit, one bucket per principal, shared by every instance on this database (it lived in
-- one process's memory, so two instances allowed twice the rate). A bucket is kept as the instant it is
-- full again (the "theoretical arrival time" of the generic cell rate algorithm): one timestamp says
-- how many writes are left, and a write moves it one interval on. A row whose full_at has passed
-- means the same as no row, so old rows may be deleted at any time.
CREATE TABLE write_rate (
  principal  text PRIMARY KEY,       -- token:ID or admin-env, never the token itself
  full_at    timestamptz NOT NULL,   -- from this instant the bucket holds its whole burst again
  asked_at   timestamptz NOT NULL,   -- the last write asked for, on the database's clock
  allowed    boolean NOT NULL        -- whether that write was let through
);
CREATE INDEX write_rate_full_at ON write_rate (full_at);
