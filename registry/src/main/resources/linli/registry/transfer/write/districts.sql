-- Districts for export, one row per feature in code order, the catalogue's properties; the boundary
-- (given, or the union of the district's communities) as WKB in the requested CRS, null when the
-- district has neither. district (a code or a name) picks one.
SELECT d.code, {{properties}},
       ST_AsBinary(ST_Transform(d.geom, CAST(:srid AS integer))) AS wkb
FROM district d
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY d.code
