-- The facilities of one category whose status counted at :as_of (V23 facility_at), as lon/lat:
-- the sources of network mode, and the sets a comparison of two instants tells apart.
SELECT f.id, ST_X(f.geom), ST_Y(f.geom)
FROM facility_at(CAST(:as_of AS timestamptz)) f
WHERE f.category = :category AND f.status = ANY (:statuses)
ORDER BY f.id
