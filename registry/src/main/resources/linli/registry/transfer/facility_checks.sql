-- Checks that need the whole file or the registry: each returns (row, field, message).
SELECT row, 'geometry' AS field,
       format('[%s, %s] lies outside the area this registry covers', round(ST_X(geom)::numeric, 6),
              round(ST_Y(geom)::numeric, 6)) AS message
FROM import_stage, (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), 0.05)::geometry, 4490) AS area FROM district) e
WHERE e.area IS NOT NULL AND NOT ST_Intersects(geom, e.area)
UNION ALL
SELECT s.row, 'source_id', format('duplicate source_id ''%s'' in the file (first at row %s)', s.source_id, d.first)
FROM import_stage s
JOIN (SELECT source_id, min(row) AS first FROM import_stage GROUP BY source_id HAVING count(*) > 1) d
  ON d.source_id = s.source_id AND s.row > d.first
UNION ALL
SELECT row, 'community_code', format('no community %s is registered', community_code)
FROM import_stage s
WHERE community_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM community c WHERE c.code = s.community_code)
ORDER BY 1, 2
