-- Straight-line coverage as the registry stood at :as_of: the KNN SQL (test resource straight.sql) over the communities of
-- that instant (V23 community_at, with their anchors as they then were) and the facilities of
-- that instant (facility_as_of, filled for this question). The present answer comes from
-- the in-memory index (StraightCoverage), which holds no history. Districts and streets have
-- no history: a community is placed in today's street and district (LEFT JOIN: a street that has
-- gone since leaves its names null). The communities are materialised first, so each one's anchor
-- (a point on its surface when it has no office) is computed once, not once per use.
WITH c AS MATERIALIZED (SELECT * FROM community_at(CAST(:as_of AS timestamptz)))
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, s.code AS street_code,
       s.name AS street_name, c.population,
       round(n.m::numeric, 1)::double precision AS nearest_m,
       COALESCE(n.m <= :distance, false) AS covered,
       ST_X(c.anchor) AS anchor_lon, ST_Y(c.anchor) AS anchor_lat
FROM c
LEFT JOIN street s ON s.code = c.street_code
LEFT JOIN district d ON d.code = s.district_code
CROSS JOIN LATERAL (
  SELECT min(ST_Distance(k.geom::geography, c.anchor::geography)) AS m
  FROM (SELECT f.geom
        FROM facility_as_of f
        ORDER BY f.geom_m <-> c.anchor_m
        LIMIT 8) k) n
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
