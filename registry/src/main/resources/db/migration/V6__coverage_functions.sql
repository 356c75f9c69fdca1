-- One definition of straight-line reach, shared by the coverage engine and the tile layers.

-- Metres on the CGCS2000 ellipsoid from a point to the nearest facility of a category whose status
-- counts; NULL when there is none. The index orders candidates on the sphere, the distance is on
-- the ellipsoid; the 8 nearest candidates make the minimum exact in practice.
CREATE FUNCTION facility_nearest_m(anchor geometry, category text, statuses text[]) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT min(ST_Distance(k.geog, anchor::geography))
  FROM (SELECT f.geom::geography AS geog
        FROM facility f
        WHERE f.category = $2 AND f.status = ANY ($3) AND NOT f.deleted
        ORDER BY f.geom::geography <-> anchor::geography
        LIMIT 8) k
$$;

-- Whether a facility of the category whose status counts lies within the distance (exact).
CREATE FUNCTION facility_within(anchor geometry, category text, statuses text[], distance float8) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM facility f
                 WHERE f.category = $2 AND f.status = ANY ($3) AND NOT f.deleted
                   AND ST_DWithin(f.geom::geography, anchor::geography, $4))
$$;
