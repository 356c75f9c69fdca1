-- The tight area along the roads (network mode): the points p whose leg to their NEAREST walkable
-- road point q fits in what is left of the walk there, |pq| <= d - walk(q), as the engine joins a
-- point. For each reached piece (a straight part of an edge along which what is left, r, varies
-- linearly): the points whose foot on the piece's line falls within it and lie within r of the
-- foot, a trapezoid of half-widths r1 and r2 about the piece; where a piece ends at its edge's end
-- node, the points beyond that end within r of the node (a disc cut by the half-plane beyond the
-- end). Each edge's parts are united and cut by the edge's nearest-road region (:region, from
-- NearestRoadRegions, lon/lat WKB), which is where the edge's foot is the point's join point; the
-- edges' results are united.
-- Drawn in a transverse Mercator (Gauss-Krüger) projection of the CGCS2000 ellipsoid centred on
-- the facility (scale within 1e-6 of the ground inside 5 km). Discs are drawn with their vertices on
-- the circle, ceil(sqrt(6.2 r)) segments a quarter (at least 8), so their chords lie inside it by
-- at most r·π²/(32·6.2·r) < 5 cm. The outline is snapped to the 1e-8 degree grid GeoJSON is
-- written at (ST_ReducePrecision, which keeps it valid: slivers that collapse are dropped). The
-- reached pieces come back merged into lines, for the map.
WITH frame AS (
  SELECT format('+proj=tmerc +lat_0=%s +lon_0=%s +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs',
                CAST(:lat AS float8), CAST(:lon AS float8)) AS proj
), piece AS (
  SELECT p.edge, p.node1, p.node2,
         ST_Transform(ST_SetSRID(ST_MakePoint(p.lon1, p.lat1), 4490), frame.proj) AS a, p.left1,
         ST_Transform(ST_SetSRID(ST_MakePoint(p.lon2, p.lat2), 4490), frame.proj) AS b, p.left2,
         ST_SetSRID(ST_MakeLine(ST_MakePoint(p.lon1, p.lat1), ST_MakePoint(p.lon2, p.lat2)), 4490) AS line
  FROM frame, unnest(CAST(:lon1 AS float8[]), CAST(:lat1 AS float8[]), CAST(:left1 AS float8[]),
                     CAST(:lon2 AS float8[]), CAST(:lat2 AS float8[]), CAST(:left2 AS float8[]),
                     CAST(:edge AS int8[]), CAST(:node1 AS int8[]), CAST(:node2 AS int8[]))
       AS p(lon1, lat1, left1, lon2, lat2, left2, edge, node1, node2)
), axis AS (
  -- u: the unit vector from a to b in the frame.
  SELECT edge, node1, node2, a, left1, b, left2,
         (ST_X(b) - ST_X(a)) / len AS ux, (ST_Y(b) - ST_Y(a)) / len AS uy
  FROM (SELECT *, ST_Distance(a, b) AS len FROM piece) p
  WHERE len > 0 AND (left1 > 0 OR left2 > 0)
), end_ AS (
  -- The ends that are an edge's node, with s = -1 beyond a, +1 beyond b.
  SELECT edge, a AS c, left1 AS r, -ux AS vx, -uy AS vy FROM axis WHERE node1 = 1 AND left1 > 0
  UNION ALL
  SELECT edge, b, left2, ux, uy FROM axis WHERE node2 = 1 AND left2 > 0
), part AS (
  SELECT edge, ST_ConvexHull(ST_Collect(ARRAY[
           ST_Translate(a, -uy * left1, ux * left1), ST_Translate(a, uy * left1, -ux * left1),
           ST_Translate(b, -uy * left2, ux * left2), ST_Translate(b, uy * left2, -ux * left2)])) AS geom
  FROM axis
  UNION ALL
  SELECT edge, ST_Intersection(
           ST_Buffer(c, r, format('quad_segs=%s', GREATEST(8, CEIL(sqrt(6.2 * r))))),
           ST_ConvexHull(ST_Collect(ARRAY[
             ST_Translate(c, -vy * 1.1 * r, vx * 1.1 * r), ST_Translate(c, vy * 1.1 * r, -vx * 1.1 * r),
             ST_Translate(c, (vx - vy) * 1.1 * r, (vy + vx) * 1.1 * r),
             ST_Translate(c, (vx + vy) * 1.1 * r, (vy - vx) * 1.1 * r)])))
  FROM end_
), region AS (
  -- Made valid after the round trip through lon/lat: a sliver turned self-intersecting would stop ST_Intersection.
  SELECT r.edge, ST_MakeValid(ST_Transform(ST_GeomFromWKB(decode(r.wkb, 'hex'), 4490), frame.proj)) AS geom
  FROM frame, unnest(CAST(:region_edge AS int8[]), CAST(:region_wkb AS text[])) AS r(edge, wkb)
), cut AS (
  SELECT ST_CollectionExtract(ST_Intersection(band.geom, region.geom), 3) AS geom
  FROM (SELECT edge, ST_Union(geom) AS geom FROM part GROUP BY edge) band
  JOIN region USING (edge)
)
SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Multi(COALESCE(
         (SELECT ST_CollectionExtract(ST_ReducePrecision(
                   ST_Transform(ST_CollectionExtract(ST_Union(geom), 3), (SELECT proj FROM frame), 4490), 1e-8), 3)
          FROM cut WHERE NOT ST_IsEmpty(geom)),
         ST_GeomFromText('MULTIPOLYGON EMPTY', 4490)))), 8, 0) AS geometry,
       ST_AsGeoJSON(ST_Multi(COALESCE((SELECT ST_LineMerge(ST_Collect(line)) FROM piece),
         ST_GeomFromText('MULTILINESTRING EMPTY', 4490))), 8, 0) AS reached_roads
