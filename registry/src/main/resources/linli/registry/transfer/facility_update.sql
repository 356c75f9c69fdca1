-- Matched rows that differ; unchanged ones are not touched (no new version, no history row).
-- The placeholder: the catalogue's properties written as given (WrittenColumns).
UPDATE facility f
SET category = r.category, status = r.status, {{set r.}}, community_code = r.community_code, extra = r.extra,
    geom = r.geom, deleted = false, version = f.version + 1, updated_at = now(), updated_by = :by
FROM import_ready r
WHERE r.changed AND f.id = r.facility_id
