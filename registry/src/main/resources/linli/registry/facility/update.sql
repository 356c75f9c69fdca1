-- Replace a live facility if (and only if) it is still at the version the client read. The
-- placeholder assigns the catalogue's properties written as given (WrittenColumns).
UPDATE facility f
SET category = :category, status = coalesce(:status, 'open'), {{set :}},
    community_code = coalesce(:community_code, (SELECT c.code FROM community c
                                                WHERE ST_Intersects(c.geom, p.geom) ORDER BY c.code LIMIT 1)),
    source = coalesce(:source, f.source), source_id = coalesce(:source_id, f.source_id),
    extra = coalesce(CAST(:extra AS jsonb), '{}'::jsonb), geom = p.geom,
    version = f.version + 1, updated_at = now(), updated_by = :by
FROM (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4490) AS geom) p
WHERE f.id = :id AND f.version = :version AND NOT f.deleted
RETURNING f.id, f.version, facility_as_feature(f)::text
