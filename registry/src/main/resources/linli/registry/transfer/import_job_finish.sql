-- The job's end, written once: a job another instance already declared failed (its heartbeat stopped) stays so.
UPDATE import_job SET state = :state, rows_read = :rows_read, rows_valid = :rows_valid, heartbeat_at = clock_timestamp(),
    finished_at = :now, report = :report::json, error = :error
WHERE id = :id::uuid AND finished_at IS NULL
