-- This instance is stopping: its unfinished jobs end with it (their transactions are rolled back).
UPDATE import_job SET state = 'failed', finished_at = :now,
    error = 'the service stopped before the import finished; nothing was written: upload the file again'
WHERE finished_at IS NULL AND instance = :instance
