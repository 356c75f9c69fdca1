-- This instance is stopping: its unfinished jobs end with it (their transactions are rolled back, and one
-- that tries to commit later finds its job failed and rolls back). A job that committed but had not written
-- its end is done, its report lost.
UPDATE import_job SET state = CASE WHEN committed_at IS NULL THEN 'failed' ELSE 'done' END, finished_at = :now,
    error = CASE WHEN committed_at IS NULL
      THEN 'the service stopped before the import finished; nothing was written: upload the file again'
      ELSE 'the import was written, but the service stopped before recording its report' END
WHERE finished_at IS NULL AND instance = :instance
