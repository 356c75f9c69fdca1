-- A new facility; its community is derived from its location when not given. The placeholders in
-- double braces are the catalogue's properties written as given (WrittenColumns puts them in).
INSERT INTO facility (category, status, {{written}}, community_code, source, source_id, extra, geom, updated_by)
SELECT :category, coalesce(:status, 'open'), {{written :}},
       coalesce(:community_code, (SELECT c.code FROM community c WHERE ST_Intersects(c.geom, p.geom)
                                  ORDER BY c.code LIMIT 1)),
       coalesce(:source, 'api'), coalesce(:source_id, gen_random_uuid()::text),
       coalesce(CAST(:extra AS jsonb), '{}'::jsonb), p.geom, :by
FROM (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4490) AS geom) p
RETURNING id, version, facility_as_feature(facility)::text
