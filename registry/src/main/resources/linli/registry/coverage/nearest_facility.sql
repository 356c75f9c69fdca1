-- The facility nearest one community's anchor (committee office, or a point on its surface), for
-- the map's "why (not) covered": the same eight KNN candidates by the (category hash, Web Mercator)
-- index as the KNN SQL (test resource straight.sql), each measured on the CGCS2000 ellipsoid, the nearest kept. No row when the
-- community does not exist; facility columns NULL when no facility of the category qualifies.
SELECT c.code::text AS code, ST_X(c.anchor) AS anchor_lon, ST_Y(c.anchor) AS anchor_lat,
       c.ref_point IS NOT NULL AS office,
       k.id, k.name, ST_X(k.geom) AS lon, ST_Y(k.geom) AS lat,
       round(ST_Distance(k.geom::geography, c.anchor::geography)::numeric, 1)::double precision AS distance_m
FROM community c
LEFT JOIN LATERAL (
  SELECT f.id, f.name, f.geom
  FROM facility f
  WHERE hashtext(f.category) = hashtext(:category) AND f.category = :category
    AND f.status = ANY (:statuses) AND NOT f.deleted
  ORDER BY f.geom_m <-> c.anchor_m
  LIMIT 8) k ON true
WHERE c.code = :code
ORDER BY ST_Distance(k.geom::geography, c.anchor::geography) NULLS LAST
LIMIT 1
