-- What the validation rules need: known categories and the registry's extent.
SELECT (SELECT array_agg(code) FROM category) AS categories,
       ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(geom) AS e FROM district) x
