-- The rows that need a write: new ones (no facility_id) and matched ones that differ (changed);
-- unchanged rows are only counted, not copied. The community of a row without one is the one its
-- point lies in (the smallest code on a shared border), unless the importer already looked it up
-- while reading (located).
INSERT INTO import_ready (row, category, name, address, phone, status, capacity, area_m2, community_code, located,
                          opened_on, source_id, extra, x, y, geom, facility_id, changed)
SELECT * FROM (
SELECT s.row, s.category, s.name, s.address, s.phone, s.status, s.capacity, s.area_m2, c.code, true, s.opened_on, s.source_id,
       s.extra, s.x, s.y, s.geom, f.id AS facility_id,
       f.id IS NOT NULL
         AND (f.category, f.name, f.address, f.phone, f.status, f.capacity, f.area_m2, f.community_code::text, f.opened_on,
              f.extra, ST_AsBinary(f.geom), f.deleted)
             IS DISTINCT FROM
             (s.category, s.name, s.address, s.phone, s.status, s.capacity, s.area_m2, c.code, s.opened_on,
              s.extra, ST_AsBinary(s.geom), false) AS changed
FROM import_stage s
CROSS JOIN LATERAL (SELECT CASE WHEN s.located THEN s.community_code
                                ELSE coalesce(s.community_code, (SELECT min(p.code) FROM community_piece p
                                                                 WHERE ST_Intersects(p.geom, s.geom))) END AS code) c
LEFT JOIN facility f ON f.source = :source AND f.source_id = s.source_id
) matched
WHERE facility_id IS NULL OR changed
