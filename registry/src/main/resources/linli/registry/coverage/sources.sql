-- The facilities of one category whose status counts, as lon/lat, for network mode.
SELECT f.id, ST_X(f.geom), ST_Y(f.geom)
FROM facility f
WHERE f.category = :category AND f.status = ANY (:statuses) AND NOT f.deleted
ORDER BY f.id
