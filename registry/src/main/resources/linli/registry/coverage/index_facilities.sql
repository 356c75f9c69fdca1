-- The live facilities of one category, every status, for the in-memory straight-line index
-- (FacilityIndex): the status is filtered per question in memory.
SELECT f.id, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, f.status
FROM facility f
WHERE f.category = :category AND NOT f.deleted
