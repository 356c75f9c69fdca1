-- PostGIS's own ground distance for pairs (facility, place), in the order given: the referee for the
-- rare straight-line decision that Java's arithmetic puts within 1e-7 m of its boundary
-- (StraightCoverage). Facility first, as straight.sql measured.
SELECT ST_Distance(ST_SetSRID(ST_MakePoint(p.f_lon, p.f_lat), 4490)::geography,
                   ST_SetSRID(ST_MakePoint(p.p_lon, p.p_lat), 4490)::geography)
FROM unnest(CAST(:f_lons AS float8[]), CAST(:f_lats AS float8[]), CAST(:p_lons AS float8[]),
            CAST(:p_lats AS float8[])) WITH ORDINALITY AS p(f_lon, f_lat, p_lon, p_lat, i)
ORDER BY p.i
