-- Straight-line catchments: every (facility, community) pair within the distance, decided as
-- straight coverage decides covered (the exact ellipsoidal distance <= d, after the Web Mercator index
-- prefilter), so "some pair" and "covered" agree exactly.
SELECT f.id, c.code
FROM community c
JOIN facility f ON hashtext(f.category) = hashtext(:category) AND f.category = :category
  AND f.status = ANY (:statuses) AND NOT f.deleted
  AND ST_DWithin(f.geom_m, c.anchor_m, mercator_reach(:distance, ST_Y(c.anchor)))
  AND ST_Distance(f.geom::geography, c.anchor::geography) <= :distance
