-- Restore: the content of an earlier version becomes a new version (deleted facilities come back).
-- The catalogue's properties written as given (the placeholder, WrittenColumns) are read from the
-- version's feature by jsonb_populate_record, which casts each to its column's type; a property
-- the version predates (phone before V16, say) is null.
UPDATE facility f
SET category = h.feature->'properties'->>'category',
    status = h.feature->'properties'->>'status',
    {{set r.}},
    community_code = h.feature->'properties'->>'community_code',
    extra = coalesce(h.feature->'properties'->'extra', '{}'::jsonb),
    geom = ST_SetSRID(ST_GeomFromGeoJSON(h.feature->'geometry'), 4490),
    deleted = false, version = f.version + 1, updated_at = now(), updated_by = :by
FROM facility_versions h
CROSS JOIN LATERAL jsonb_populate_record(NULL::facility, h.feature->'properties') r
WHERE f.id = :id AND f.version = :expected AND h.facility_id = f.id AND h.version = :version
RETURNING f.id, f.version, facility_as_feature(f)::text
