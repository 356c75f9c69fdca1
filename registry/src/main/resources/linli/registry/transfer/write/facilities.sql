-- Facilities for export, one row per feature in id order: every property of the catalogue, the geometry as WKB in
-- the requested CRS (x = longitude/easting). Deleted facilities are never exported. A facility is
-- in a district when its community is (community -> street -> district).
SELECT f.id, {{properties}},
       ST_AsBinary(ST_Transform(f.geom, CAST(:srid AS integer))) AS wkb
FROM facility f
WHERE NOT f.deleted
  AND (CAST(:category AS text) IS NULL OR f.category = :category)
  AND (CAST(:statuses AS text[]) IS NULL OR f.status = ANY (CAST(:statuses AS text[])))
  AND (CAST(:district AS text) IS NULL OR f.community_code IN (
        SELECT c.code
        FROM community c
        JOIN street s ON s.code = c.street_code
        JOIN district d ON d.code = s.district_code
        WHERE d.code = :district OR d.name = :district))
ORDER BY f.id
