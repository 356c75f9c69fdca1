-- What a road must be once placed in CGCS2000: inside the registry's area (the districts' extent
-- widened by 0.05°, as for facilities) and of some length. Returns (row, field, message), in row order.
SELECT DISTINCT row, 'geometry', 'lies outside the area this registry covers'
FROM road_stage, (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), 0.05)::geometry, 4490) AS area FROM district) e
WHERE e.area IS NOT NULL AND NOT ST_Intersects(geom, e.area)
UNION
SELECT DISTINCT row, 'geometry', 'has no length' FROM road_stage WHERE ST_Length(geom) = 0
ORDER BY 1
