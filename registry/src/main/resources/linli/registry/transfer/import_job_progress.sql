-- The running instance's heartbeat, with the job's state and progress; a finished job stays as it ended.
UPDATE import_job SET state = :state, rows_read = :rows_read, rows_valid = :rows_valid, heartbeat_at = :now
WHERE id = :id::uuid AND finished_at IS NULL
