-- The facilities named by the change feed since a category was loaded (FacilityIndex patches the
-- category with them): every row of those ids, whatever its category now and deleted or not, so that
-- a facility that left the category, was deleted or is gone altogether drops out of it. A facility
-- that no longer exists has no row.
SELECT f.id, f.category, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, f.status, f.deleted
FROM facility f
WHERE f.id = ANY(:ids)
