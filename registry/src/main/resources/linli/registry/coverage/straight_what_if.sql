-- What-if in straight mode: each community covered before, and after adding proposed sites and
-- removing facilities. Nothing is stored: the proposed sites live only in this query.
WITH added AS (
  SELECT ST_SetSRID(ST_MakePoint(a.lon, a.lat), 4490)::geography AS g
  FROM unnest(CAST(:add_lons AS float8[]), CAST(:add_lats AS float8[])) AS a(lon, lat)
)
SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, c.population,
       facility_within(c.anchor, :category, :statuses, :distance) AS covered_before,
       EXISTS (SELECT 1 FROM facility f
               WHERE f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
                 AND f.id <> ALL (CAST(:remove AS bigint[]))
                 AND ST_DWithin(f.geom_m, c.anchor_m, mercator_reach(:distance, ST_Y(c.anchor)))
                 AND ST_DWithin(f.geom::geography, c.anchor::geography, :distance))
       OR EXISTS (SELECT 1 FROM added WHERE ST_DWithin(added.g, c.anchor::geography, :distance)) AS covered_after
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
