-- The area along the roads (network mode) from the reached road pieces: for each piece, the convex
-- hull of a disc at each end whose radius is what is left of the walk there. What is left varies
-- linearly along a piece by at most a metre per metre, so that hull is exactly the union of the
-- discs centred along the piece. Drawn in a transverse Mercator (Gauss-Krüger) projection of the
-- CGCS2000 ellipsoid centred on the facility, whose scale differs from the ground's by under 1e-6
-- within 5 km. The discs are 64-gons (quad_segs 16) drawn around the circle (radius over
-- cos(π/64)), so they contain it: the area errs outward. The reached pieces come back merged into
-- lines, for the map to draw.
WITH frame AS (
  SELECT format('+proj=tmerc +lat_0=%s +lon_0=%s +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs',
                CAST(:lat AS float8), CAST(:lon AS float8)) AS proj
), piece AS (
  SELECT ST_Transform(ST_SetSRID(ST_MakePoint(p.lon1, p.lat1), 4490), frame.proj) AS a, p.left1,
         ST_Transform(ST_SetSRID(ST_MakePoint(p.lon2, p.lat2), 4490), frame.proj) AS b, p.left2,
         ST_SetSRID(ST_MakeLine(ST_MakePoint(p.lon1, p.lat1), ST_MakePoint(p.lon2, p.lat2)), 4490) AS line
  FROM frame, unnest(CAST(:lon1 AS float8[]), CAST(:lat1 AS float8[]), CAST(:left1 AS float8[]),
                     CAST(:lon2 AS float8[]), CAST(:lat2 AS float8[]), CAST(:left2 AS float8[]))
       AS p(lon1, lat1, left1, lon2, lat2, left2)
), hull AS (
  SELECT ST_ConvexHull(ST_Collect(
           CASE WHEN left1 > 0 THEN ST_Buffer(a, left1 / cos(pi() / 64), 'quad_segs=16') ELSE a END,
           CASE WHEN left2 > 0 THEN ST_Buffer(b, left2 / cos(pi() / 64), 'quad_segs=16') ELSE b END)) AS geom
  FROM piece
  WHERE left1 > 0 OR left2 > 0
)
SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Multi(COALESCE(
         (SELECT ST_Transform(ST_Union(geom), (SELECT proj FROM frame), 4490) FROM hull),
         ST_GeomFromText('MULTIPOLYGON EMPTY', 4490)))), 8, 0) AS geometry,
       ST_AsGeoJSON(ST_Multi(COALESCE((SELECT ST_LineMerge(ST_Collect(line)) FROM piece),
         ST_GeomFromText('MULTILINESTRING EMPTY', 4490))), 8, 0) AS reached_roads
