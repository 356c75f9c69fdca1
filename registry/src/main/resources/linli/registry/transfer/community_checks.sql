-- What no single row shows: an invalid polygon (with PostGIS's reason; /*unrepaired*/ adds why a
-- repair did not help when the import asked for one), a code the file repeats, a reference point
-- outside its community. Returns (row, field, message), in row order.
SELECT row, 'geometry', 'invalid polygon: ' || ST_IsValidReason(geom) /*unrepaired*/ FROM community_stage
WHERE NOT ST_IsValid(geom)
UNION ALL
SELECT s.row, 'code', format('duplicate code %s in the file (first at row %s)', s.code, d.first)
FROM community_stage s JOIN (SELECT code, min(row) AS first FROM community_stage GROUP BY code
                            HAVING count(*) > 1) d ON d.code = s.code AND s.row > d.first
UNION ALL
SELECT row, 'ref_lon', 'the reference point lies outside the community' FROM community_stage
WHERE ref IS NOT NULL AND ST_IsValid(geom) AND NOT ST_Intersects(geom, ST_Buffer(ref, 1e-6))
ORDER BY 1
