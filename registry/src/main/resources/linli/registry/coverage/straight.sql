-- Straight-line coverage: every community's anchor (committee office, or a point on its surface)
-- against the facilities of one category, in metres on the CGCS2000 ellipsoid (geography).
-- covered: ST_DWithin on geography, exact.
-- nearest_m: the nearest of the 8 index-ordered candidates (the index orders on the sphere, the
-- distance is on the ellipsoid; they differ by well under 1 %, so 8 candidates are ample).
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, c.population,
       round(n.nearest_m::numeric, 1)::double precision AS nearest_m,
       EXISTS (SELECT 1 FROM facility f
               WHERE f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
                 AND ST_DWithin(f.geom::geography, c.anchor::geography, :distance)) AS covered
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
LEFT JOIN LATERAL (
  SELECT min(ST_Distance(k.geog, c.anchor::geography)) AS nearest_m
  FROM (SELECT f.geom::geography AS geog
        FROM facility f
        WHERE f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
        ORDER BY f.geom::geography <-> c.anchor::geography
        LIMIT 8) k
) n ON true
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
