-- What the district report's map draws, in Web Mercator metres (a printed district is flat enough:
-- Mercator's scale varies by well under 1 % across one), simplified to 5 m, finer than a printed
-- district map can show: the district's boundary, its communities' polygons, and the facilities of
-- the category with a counted status inside the district's box widened by the walking distance
-- (a facility just outside the line still covers communities inside it). Facilities are found by
-- their (category hash, geom_m) index, as coverage finds them.
WITH d AS (
  SELECT code, ST_Transform(COALESCE(geom, district_communities_union(code)), 3857) AS geom_m,
         ST_Y(ST_PointOnSurface(COALESCE(geom, district_communities_union(code)))) AS lat
  FROM district
  WHERE code = :district
)
SELECT 'district' AS kind, d.code AS key, ST_AsBinary(ST_SimplifyPreserveTopology(d.geom_m, 5)) AS wkb
FROM d
WHERE d.geom_m IS NOT NULL
UNION ALL
SELECT 'community', c.code, ST_AsBinary(ST_SimplifyPreserveTopology(ST_Transform(c.geom, 3857), 5))
FROM community c
JOIN street s ON s.code = c.street_code
WHERE s.district_code = :district
UNION ALL
SELECT 'facility', f.id::text, ST_AsBinary(f.geom_m)
FROM facility f, d
WHERE hashtext(f.category) = hashtext(:category) AND f.category = :category
  AND f.status = ANY (:statuses) AND NOT f.deleted
  AND f.geom_m && ST_Expand(ST_Envelope(d.geom_m), mercator_reach(:distance, d.lat))
ORDER BY 1, 2
