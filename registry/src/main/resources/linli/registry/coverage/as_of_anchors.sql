-- Every community's anchor as the registry stood at :as_of (V23 community_at), for network mode;
-- streets and districts are today's (they have no history).
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, s.code AS street_code,
       s.name AS street_name, c.population,
       ST_X(c.anchor) AS lon, ST_Y(c.anchor) AS lat
FROM community_at(CAST(:as_of AS timestamptz)) c
LEFT JOIN street s ON s.code = c.street_code
LEFT JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
