-- Indexing for reach in a planar metric copy (Web Mercator) instead of geography.
-- Measured on 100,000 inserted facilities: the two geography GiST indexes cost 5.6 of 7.3 s
-- (docs/BENCHMARKS.md, import). Web Mercator is conformal with a scale (sec φ) that is uniform over
-- walking distances, so nearest-first order is preserved; the final distances stay ellipsoidal.
ALTER TABLE facility ADD COLUMN geom_m geometry(Point, 3857)
  GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
DROP INDEX facility_geog_gist;
DROP INDEX facility_category_geog_gist;
CREATE INDEX facility_category_geom_m_gist ON facility USING gist (category, geom_m);

ALTER TABLE community ADD COLUMN anchor_m geometry(Point, 3857)
  GENERATED ALWAYS AS (ST_Transform(COALESCE(ref_point, ST_PointOnSurface(geom)), 3857)) STORED;

-- Metres of Web Mercator that cover d metres on the ground near latitude lat, with room for the
-- change of scale over the distance itself.
CREATE FUNCTION mercator_reach(d float8, lat float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT d / cos(radians(lat)) * 1.01 + 1 $$;

CREATE OR REPLACE FUNCTION facility_nearest_m(anchor geometry, category text, statuses text[]) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT min(ST_Distance(k.geom::geography, anchor::geography))
  FROM (SELECT f.geom
        FROM facility f
        WHERE f.category = $2 AND f.status = ANY ($3) AND NOT f.deleted
        ORDER BY f.geom_m <-> ST_Transform(anchor, 3857)
        LIMIT 8) k
$$;

CREATE OR REPLACE FUNCTION facility_within(anchor geometry, category text, statuses text[], distance float8)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM facility f
                 WHERE f.category = $2 AND f.status = ANY ($3) AND NOT f.deleted
                   AND ST_DWithin(f.geom_m, ST_Transform(anchor, 3857), mercator_reach($4, ST_Y(anchor)))
                   AND ST_DWithin(f.geom::geography, anchor::geography, $4))
$$;
