-- Restore: the content of an earlier version becomes a new version (deleted facilities come back).
UPDATE facility f
SET category = h.feature->'properties'->>'category',
    name = h.feature->'properties'->>'name',
    address = h.feature->'properties'->>'address',
    phone = h.feature->'properties'->>'phone', -- versions frozen before V16 have none: null
    status = h.feature->'properties'->>'status',
    capacity = (h.feature->'properties'->>'capacity')::integer,
    area_m2 = (h.feature->'properties'->>'area_m2')::float8,
    community_code = h.feature->'properties'->>'community_code',
    opened_on = (h.feature->'properties'->>'opened_on')::date,
    extra = coalesce(h.feature->'properties'->'extra', '{}'::jsonb),
    geom = ST_SetSRID(ST_GeomFromGeoJSON(h.feature->'geometry'), 4490),
    deleted = false, version = f.version + 1, updated_at = now(), updated_by = :by
FROM facility_versions h
WHERE f.id = :id AND f.version = :expected AND h.facility_id = f.id AND h.version = :version
RETURNING f.id, f.version, facility_as_feature(f)::text
