-- Facilities for export, one row per feature in id order: every property, the geometry as WKB in
-- the requested CRS (x = longitude/easting). Deleted facilities are never exported. A facility is
-- in a district when its community is (community -> street -> district).
SELECT f.id, f.category, f.name, f.address, f.status, f.capacity, f.area_m2, f.community_code, f.opened_on,
       f.source, f.source_id, f.extra::text AS extra, f.version, f.updated_at, f.updated_by,
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
