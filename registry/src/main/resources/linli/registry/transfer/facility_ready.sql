-- The rows that need a write: new ones (no facility_id) and matched ones that differ (changed);
-- unchanged rows are only counted, not copied. The community of a row without one is the one its
-- point lies in (the smallest code on a shared border), unless the importer already looked it up
-- while reading (located). The placeholders: the catalogue's properties written as given (WrittenColumns).
INSERT INTO import_ready (row, category, status, {{written}}, community_code, located,
                          source_id, extra, x, y, geom, facility_id, changed)
SELECT * FROM (
SELECT s.row, s.category, s.status, {{written s.}}, c.code, true, s.source_id,
       s.extra, s.x, s.y, s.geom, f.id AS facility_id,
       f.id IS NOT NULL
         AND (f.category, f.status, {{written f.}}, f.community_code::text, f.extra, ST_AsBinary(f.geom), f.deleted)
             IS DISTINCT FROM
             (s.category, s.status, {{written s.}}, c.code, s.extra, ST_AsBinary(s.geom), false) AS changed
FROM import_stage s
CROSS JOIN LATERAL (SELECT CASE WHEN s.located THEN s.community_code
                                ELSE coalesce(s.community_code, (SELECT min(p.code) FROM community_piece p
                                                                 WHERE ST_Intersects(p.geom, s.geom))) END AS code) c
LEFT JOIN facility f ON f.source = :source AND f.source_id = s.source_id
) matched
WHERE facility_id IS NULL OR changed
