-- Streets for export, one row per feature in code order, the catalogue's properties (with their
-- district); the boundary as for districts.sql. district (a code or a name) keeps its streets.
SELECT s.code, {{properties}},
       ST_AsBinary(ST_Transform(s.geom, CAST(:srid AS integer))) AS wkb
FROM street s
JOIN district d ON d.code = s.district_code
WHERE (CAST(:district AS text) IS NULL OR d.code = :district OR d.name = :district)
ORDER BY s.code
