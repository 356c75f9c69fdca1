-- Straight-line coverage: every community's anchor (committee office, or a point on its surface)
-- against the facilities of one category, in metres on the CGCS2000 ellipsoid (see migrations V6,
-- V9). Covered is decided on the exact nearest distance, before rounding, so one KNN search per
-- community answers both columns and they can never disagree.
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, c.population,
       round(n.m::numeric, 1)::double precision AS nearest_m,
       COALESCE(n.m <= :distance, false) AS covered,
       ST_X(c.anchor) AS anchor_lon, ST_Y(c.anchor) AS anchor_lat
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
CROSS JOIN LATERAL (SELECT facility_nearest_m(c.anchor, :category, :statuses) AS m) n
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
