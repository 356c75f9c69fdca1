-- The area within :distance metres of (:lon, :lat) on the ground (straight mode): 256 points at that
-- distance on the ellipsoid (ST_Project, the direct geodesic problem) at even azimuths, joined by
-- chords, which lie inside the circle by at most d·(1 − cos(π/256)), under 8e-5 of the radius.
-- (A buffer of the geography is drawn in a projection and missed the distance by 3e-4 at 3.5 km.)
SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_MakePolygon(ST_MakeLine(ARRAY(
         SELECT ST_Project(ST_SetSRID(ST_MakePoint(CAST(:lon AS float8), CAST(:lat AS float8)), 4490)::geography,
                           CAST(:distance AS float8), radians(k * 360.0 / 256))::geometry
         FROM generate_series(0, 256) AS k ORDER BY k)))), 8, 0) AS geometry -- CCW: RFC 7946's right-hand rule;
       -- options 0: no 'crs' member (RFC 7946 has none; PostGIS's default adds one for SRID 4490)
