-- Checks of points placed in SQL (projected files) against the registry: each returns (row, field,
-- message). For points in CGCS2000 the importer makes the same checks while reading (FacilityCopy).
SELECT row, 'geometry' AS field,
       format('[%s, %s] lies outside the area this registry covers', round(ST_X(geom)::numeric, 6),
              round(ST_Y(geom)::numeric, 6)) AS message
FROM import_stage, (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), 0.05)::geometry, 4490) AS area FROM district) e
WHERE e.area IS NOT NULL AND NOT ST_Intersects(geom, e.area)
UNION ALL
SELECT row, 'community_code', format('no community %s is registered', community_code)
FROM import_stage s
WHERE community_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM community c WHERE c.code = s.community_code)
ORDER BY 1, 2
