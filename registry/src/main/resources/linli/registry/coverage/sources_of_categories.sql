-- The facilities of several categories whose status counts, as lon/lat, for network mode: each
-- category's rows in the order sources.sql gives them.
SELECT f.category, f.id, ST_X(f.geom), ST_Y(f.geom)
FROM facility f
WHERE f.category = ANY (:categories) AND f.status = ANY (:statuses) AND NOT f.deleted
ORDER BY f.category, f.id
