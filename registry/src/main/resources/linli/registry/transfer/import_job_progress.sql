-- The running instance's heartbeat, with the job's state and progress; a finished job stays as it ended.
-- Heartbeats are on the database's clock: every instance compares them with that one clock.
UPDATE import_job SET state = :state, rows_read = :rows_read, rows_valid = :rows_valid, heartbeat_at = clock_timestamp()
WHERE id = :id::uuid AND finished_at IS NULL
