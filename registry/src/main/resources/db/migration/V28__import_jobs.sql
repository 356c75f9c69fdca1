-- Import jobs, so that any instance behind the proxy can answer a poll for a job another one runs
-- (they lived in the memory of the process that took the upload). The instance that took the file
-- runs the job and writes its state; heartbeat_at is how the others tell a job whose instance died
-- from one still running.
CREATE TABLE import_job (
  id            uuid PRIMARY KEY,
  state         text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  layer         text NOT NULL,
  requested_by  text NOT NULL,
  instance      text NOT NULL,          -- the process running it (random per start)
  created_at    timestamptz NOT NULL,
  heartbeat_at  timestamptz NOT NULL,   -- moved on while the job is queued or running
  finished_at   timestamptz,            -- set with done or failed
  rows_read     bigint NOT NULL DEFAULT 0,
  rows_valid    bigint NOT NULL DEFAULT 0,
  report        json,                   -- json, not jsonb: kept as written, members in the contract's order
  error         text,
  CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);
CREATE INDEX import_job_finished_at ON import_job (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX import_job_unfinished ON import_job (heartbeat_at) WHERE finished_at IS NULL;
