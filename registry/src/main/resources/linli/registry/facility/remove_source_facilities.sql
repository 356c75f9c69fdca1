-- Soft-deletes every live facility of a source, as delete.sql does one: each row stays with a new
-- version, and the history trigger (once per statement) appends a 'delete' version for each.
UPDATE facility f
SET deleted = true, version = f.version + 1, updated_at = now(), updated_by = :by
WHERE f.source = :source AND NOT f.deleted
