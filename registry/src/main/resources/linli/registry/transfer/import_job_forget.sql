-- Finished jobs past the retention's age, then, beyond its count, the ones that finished first.
-- A job still queued or running is never forgotten.
DELETE FROM import_job
WHERE finished_at < :oldest_kept
   OR id IN (SELECT id FROM import_job WHERE finished_at IS NOT NULL
             ORDER BY finished_at DESC, id OFFSET :max_finished)
