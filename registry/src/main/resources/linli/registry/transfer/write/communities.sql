-- Communities for export, one row per feature in code order, the catalogue's properties (with their
-- street and district); the
-- geometry as WKB in the requested CRS (x = longitude/easting). ref_lon/ref_lat stay CGCS2000
-- degrees whatever the CRS: they are attributes (the committee office), not the geometry.
SELECT c.code, {{properties}},
       ST_AsBinary(ST_Transform(c.geom, CAST(:srid AS integer))) AS wkb
FROM community c
JOIN street s ON s.code = c.street_code
JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY c.code
