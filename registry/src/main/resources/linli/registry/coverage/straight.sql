-- Straight-line coverage: every community's anchor (committee office, or a point on its surface)
-- against the facilities of one category, in metres on the CGCS2000 ellipsoid (see migration V6).
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, s.code AS street_code,
       s.name AS street_name, c.population,
       round(facility_nearest_m(c.anchor, :category, :statuses)::numeric, 1)::double precision AS nearest_m,
       facility_within(c.anchor, :category, :statuses, :distance) AS covered,
       ST_X(c.anchor) AS anchor_lon, ST_Y(c.anchor) AS anchor_lat
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
