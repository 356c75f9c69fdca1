-- A job as its instance takes the upload: visible to every instance from now on. Its heartbeat is on the
-- database's clock (see import_job_progress.sql).
INSERT INTO import_job (id, state, layer, requested_by, instance, created_at, heartbeat_at)
VALUES (:id::uuid, 'queued', :layer, :requested_by, :instance, :now, clock_timestamp())
