-- Candidate sites for new facilities and the uncovered communities each would cover (straight
-- line): the uncovered communities' own anchors, and walkable road vertices within reach of one.
-- The degree bound lets the anchor index prune; the geography test decides.
WITH uncovered AS (
  SELECT c.code, c.anchor FROM community c WHERE c.code = ANY (:codes)
),
candidate AS (
  SELECT anchor AS geom FROM uncovered
  UNION
  SELECT v.geom
  FROM road r
  CROSS JOIN LATERAL ST_DumpPoints(r.geom) AS v
  WHERE r.walkable
    AND EXISTS (SELECT 1 FROM uncovered u
                WHERE ST_DWithin(u.anchor, r.geom, :distance / (111320.0 * cos(radians(ST_Y(u.anchor)))) * 1.05)
                  AND ST_DWithin(u.anchor::geography, r.geom::geography, :distance))
)
SELECT ST_X(k.geom) AS lon, ST_Y(k.geom) AS lat, array_agg(c.code ORDER BY c.code) AS codes
FROM candidate k
JOIN community c ON c.code = ANY (:codes)
  AND ST_DWithin(c.anchor, k.geom, :distance / (111320.0 * cos(radians(ST_Y(k.geom)))) * 1.05)
  AND ST_DWithin(c.anchor::geography, k.geom::geography, :distance)
GROUP BY k.geom
ORDER BY lon, lat
