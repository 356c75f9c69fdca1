-- The job's end, written once: a job another instance already declared failed (its heartbeat stopped) stays so.
-- A job whose import committed (committed_at, set in its own transaction) is done whatever happened after the
-- commit (closing the file, writing the report): its rows are written, so it never says "nothing was written".
-- Returns what the row says now, which the job's instance then says too (its upload is answered from it).
UPDATE import_job SET state = CASE WHEN committed_at IS NULL THEN CAST(:state AS text) ELSE 'done' END,
    rows_read = :rows_read, rows_valid = :rows_valid, heartbeat_at = clock_timestamp(), finished_at = :now,
    report = :report::json,
    error = CASE WHEN committed_at IS NULL OR CAST(:state AS text) = 'done' THEN CAST(:error AS text)
      ELSE 'the import was written, but the service failed after its commit: ' || CAST(:error AS text) END
WHERE id = :id::uuid AND finished_at IS NULL
RETURNING state, error
