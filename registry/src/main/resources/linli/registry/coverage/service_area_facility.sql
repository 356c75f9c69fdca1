-- A live facility, where it stands (lon/lat) and the distance asked (without one, the category's
-- default): what a facility's service area is drawn from.
SELECT f.id, f.category, f.name, f.status, COALESCE(CAST(:distance AS float8), c.default_distance_m) AS distance_m,
       ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat
FROM facility f
JOIN category c ON c.code = f.category
WHERE f.id = :id AND NOT f.deleted
