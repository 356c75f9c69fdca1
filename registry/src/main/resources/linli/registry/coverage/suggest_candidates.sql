-- Candidate sites for new facilities and the uncovered communities each would cover (straight
-- line): the uncovered communities' own anchors, and walkable road vertices within reach of one.
-- Degree bounds let the GiST indexes on road and community anchors prune; geography decides.
WITH candidate AS (
  SELECT c.anchor AS geom FROM community c WHERE c.code = ANY (:codes)
  UNION
  SELECT v.geom
  FROM community c
  JOIN road r ON r.walkable
    AND ST_DWithin(r.geom, c.anchor, :distance / (111320.0 * cos(radians(ST_Y(c.anchor)))) * 1.05)
  CROSS JOIN LATERAL ST_DumpPoints(r.geom) AS v
  WHERE c.code = ANY (:codes)
    AND ST_DWithin(v.geom::geography, c.anchor::geography, :distance)
)
SELECT ST_X(k.geom) AS lon, ST_Y(k.geom) AS lat, array_agg(c.code ORDER BY c.code) AS codes
FROM candidate k
JOIN community c ON c.code = ANY (:codes)
  AND ST_DWithin(c.anchor, k.geom, :distance / (111320.0 * cos(radians(ST_Y(k.geom)))) * 1.05)
  AND ST_DWithin(c.anchor::geography, k.geom::geography, :distance)
GROUP BY k.geom
ORDER BY lon, lat
