-- Every community's anchor (committee office, or a point on its surface), for network mode.
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, s.code AS street_code,
       s.name AS street_name, c.population,
       ST_X(c.anchor) AS lon, ST_Y(c.anchor) AS lat
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
