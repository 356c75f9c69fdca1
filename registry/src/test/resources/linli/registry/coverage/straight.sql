-- Straight-line coverage: every community's anchor (committee office, or a point on its surface)
-- against the facilities of one category, in metres on the CGCS2000 ellipsoid. One KNN search per
-- community, written out rather than calling facility_nearest_m (V6, V9, V11), which the planner
-- cannot inline: the eight nearest by the (category hash, Web Mercator) index, then the exact
-- ellipsoidal minimum (Mercator keeps nearest-first order over walking distances). Covered is
-- decided on that exact distance, before rounding, so the two columns can never disagree.
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, s.code AS street_code,
       s.name AS street_name, c.population,
       round(n.m::numeric, 1)::double precision AS nearest_m,
       COALESCE(n.m <= :distance, false) AS covered,
       ST_X(c.anchor) AS anchor_lon, ST_Y(c.anchor) AS anchor_lat
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
CROSS JOIN LATERAL (
  SELECT min(ST_Distance(k.geom::geography, c.anchor::geography)) AS m
  FROM (SELECT f.geom
        FROM facility f
        WHERE hashtext(f.category) = hashtext(:category) AND f.category = :category
          AND f.status = ANY (:statuses) AND NOT f.deleted
        ORDER BY f.geom_m <-> c.anchor_m
        LIMIT 8) k) n
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
