-- Jobs of another instance that stopped beating (it was killed or lost the database), by the database's
-- clock: they will never end. One that had not committed died with its transaction, so nothing of it was
-- written; one that had committed was written whole, only its report was lost.
UPDATE import_job SET state = CASE WHEN committed_at IS NULL THEN 'failed' ELSE 'done' END, finished_at = :now,
    error = CASE WHEN committed_at IS NULL
      THEN 'the instance running the import stopped before it finished; nothing was written: upload the file again'
      ELSE 'the import was written, but the instance running it stopped before recording its report' END
WHERE finished_at IS NULL AND heartbeat_at < clock_timestamp() - make_interval(secs => :stale_seconds)
  AND instance <> :instance
