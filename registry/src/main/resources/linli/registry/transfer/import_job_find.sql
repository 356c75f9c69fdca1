SELECT id::text, state, rows_read, rows_valid, report::text, error, created_at, finished_at
FROM import_job WHERE id = :id::uuid
