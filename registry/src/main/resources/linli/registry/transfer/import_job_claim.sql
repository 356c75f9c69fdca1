-- Inside the import's transaction, just before it commits: the job is still unfinished (nobody declared it
-- failed), and from now on it is committed. The row stays locked until the commit, so an instance failing
-- stale jobs meanwhile waits, then sees the fresh heartbeat and the commit. No row: roll the import back.
UPDATE import_job SET committed_at = clock_timestamp(), heartbeat_at = clock_timestamp()
WHERE id = :id::uuid AND finished_at IS NULL
