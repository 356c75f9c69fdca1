-- When the import's own transaction committed, set inside that transaction: a job cannot then be
-- declared failed by another instance, and a job already declared failed cannot commit (the
-- import finds no unfinished row to claim and rolls back).
ALTER TABLE import_job ADD COLUMN committed_at timestamptz;
