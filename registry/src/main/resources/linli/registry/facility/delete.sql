-- Soft delete at the expected version: the row stays, so the history keeps every version.
UPDATE facility f
SET deleted = true, version = f.version + 1, updated_at = now(), updated_by = :by
WHERE f.id = :id AND f.version = :version AND NOT f.deleted
RETURNING f.id, f.version, facility_as_feature(f)::text
