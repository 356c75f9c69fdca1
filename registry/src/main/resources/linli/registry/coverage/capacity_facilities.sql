-- The facilities of one category whose status counts, with what they offer, for the capacity analysis.
SELECT f.id, f.name, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, f.capacity, f.area_m2
FROM facility f
WHERE f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
ORDER BY f.id
