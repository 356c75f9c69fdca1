-- Fills facility_as_of from the history (V23 facility_at). The hashtext term lets the live rows
-- come through the (category hash, Web Mercator) index (V11) instead of a scan of every facility.
INSERT INTO facility_as_of (id, geom, geom_m)
SELECT f.id, f.geom, ST_Transform(f.geom, 3857)
FROM facility_at(CAST(:as_of AS timestamptz)) f
WHERE hashtext(f.category) = hashtext(:category) AND f.category = :category AND f.status = ANY (:statuses)
