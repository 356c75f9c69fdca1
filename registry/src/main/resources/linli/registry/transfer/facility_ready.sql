-- The community of a row without one is the one its point lies in (the smallest code on a shared
-- border). Rows are written in spatial order, so the inserts into facility then walk the spatial
-- indexes page by page instead of at random.
INSERT INTO import_ready
SELECT s.row, s.category, s.name, s.address, s.status, s.capacity, s.area_m2, c.code, s.opened_on, s.source_id,
       s.extra, s.x, s.y, s.geom, f.id,
       f.id IS NOT NULL
         AND (f.category, f.name, f.address, f.status, f.capacity, f.area_m2, f.community_code::text, f.opened_on,
              f.extra, ST_AsBinary(f.geom), f.deleted)
             IS DISTINCT FROM
             (s.category, s.name, s.address, s.status, s.capacity, s.area_m2, c.code, s.opened_on,
              s.extra, ST_AsBinary(s.geom), false)
FROM import_stage s
CROSS JOIN LATERAL (SELECT coalesce(s.community_code,
                                    (SELECT min(p.code) FROM community_piece p WHERE ST_Intersects(p.geom, s.geom)))
                           AS code) c
LEFT JOIN facility f ON f.source = :source AND f.source_id = s.source_id
ORDER BY s.geom
