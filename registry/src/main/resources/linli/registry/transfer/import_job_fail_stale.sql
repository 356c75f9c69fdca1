-- Jobs of another instance that stopped beating (it was killed or lost the database): they will never end,
-- and their transaction died with the instance, so nothing of them was written.
UPDATE import_job SET state = 'failed', finished_at = :now,
    error = 'the instance running the import stopped before it finished; nothing was written: upload the file again'
WHERE finished_at IS NULL AND heartbeat_at < :stale_before AND instance <> :instance
