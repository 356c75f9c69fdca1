-- A job as its instance takes the upload: visible to every instance from now on.
INSERT INTO import_job (id, state, layer, requested_by, instance, created_at, heartbeat_at)
VALUES (:id::uuid, 'queued', :layer, :requested_by, :instance, :now, :now)
