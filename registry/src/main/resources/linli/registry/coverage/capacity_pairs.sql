-- Straight-line catchments: every (facility, community) pair within the distance, decided by the
-- same predicate as facility_within() (V9), so "some pair" and "covered" agree exactly.
SELECT f.id, c.code
FROM community c
JOIN facility f ON f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
  AND ST_DWithin(f.geom_m, ST_Transform(c.anchor, 3857), mercator_reach(:distance, ST_Y(c.anchor)))
  AND ST_DWithin(f.geom::geography, c.anchor::geography, :distance)
