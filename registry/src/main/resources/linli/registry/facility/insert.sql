-- A new facility; its community is derived from its location when not given.
INSERT INTO facility (category, name, address, phone, status, capacity, area_m2, community_code, opened_on,
                      source, source_id, extra, geom, updated_by)
SELECT :category, :name, :address, :phone, coalesce(:status, 'open'), :capacity, :area_m2,
       coalesce(:community_code, (SELECT c.code FROM community c WHERE ST_Intersects(c.geom, p.geom)
                                  ORDER BY c.code LIMIT 1)),
       :opened_on, coalesce(:source, 'api'), coalesce(:source_id, gen_random_uuid()::text),
       coalesce(CAST(:extra AS jsonb), '{}'::jsonb), p.geom, :by
FROM (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4490) AS geom) p
RETURNING id, version, facility_as_feature(facility)::text
