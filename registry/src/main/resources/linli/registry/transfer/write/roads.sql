-- Roads for export, one row per feature in id order; the geometry (a LineString) as WKB in the
-- requested CRS (x = longitude/easting). Roads belong to no district, so there is no filter.
SELECT r.id, {{properties}},
       ST_AsBinary(ST_Transform(r.geom, CAST(:srid AS integer))) AS wkb
FROM road r
ORDER BY r.id
