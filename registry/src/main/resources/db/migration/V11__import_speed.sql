-- Nearest/within searches of one category keep a composite GiST index, but keyed by an int4 hash
-- of the category instead of the text itself: btree_gist's text keys made maintaining this index
-- the largest part of a bulk import (about 17 of 24 s per 200,000 inserted rows, against 5 s with
-- an int4 key; docs/BENCHMARKS.md, import). A hash collision only lets a row of another category
-- through the index; the plain category test below removes it.
DROP INDEX facility_category_geom_m_gist;
CREATE INDEX facility_category_geom_m_gist ON facility USING gist ((hashtext(category)), geom_m);

CREATE OR REPLACE FUNCTION facility_nearest_m(anchor geometry, category text, statuses text[]) RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT min(ST_Distance(k.geom::geography, anchor::geography))
  FROM (SELECT f.geom
        FROM facility f
        WHERE hashtext(f.category) = hashtext($2) AND f.category = $2 AND f.status = ANY ($3) AND NOT f.deleted
        ORDER BY f.geom_m <-> ST_Transform(anchor, 3857)
        LIMIT 8) k
$$;

CREATE OR REPLACE FUNCTION facility_within(anchor geometry, category text, statuses text[], distance float8)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM facility f
                 WHERE hashtext(f.category) = hashtext($2) AND f.category = $2
                   AND f.status = ANY ($3) AND NOT f.deleted
                   AND ST_DWithin(f.geom_m, ST_Transform(anchor, 3857), mercator_reach($4, ST_Y(anchor)))
                   AND ST_DWithin(f.geom::geography, anchor::geography, $4))
$$;

-- Statistics of the new index expression, so the planner picks the index from the first query on.
ANALYZE facility;
