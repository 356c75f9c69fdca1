-- Fills facility_as_of from the history (V23 facility_at).
INSERT INTO facility_as_of (id, geom, geom_m)
SELECT f.id, f.geom, ST_Transform(f.geom, 3857)
FROM facility_at(CAST(:as_of AS timestamptz)) f
WHERE f.category = :category AND f.status = ANY (:statuses)
