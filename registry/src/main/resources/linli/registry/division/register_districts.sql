-- Registers districts by code with their outlines. A district already so is left alone, so that a
-- second run changes nothing; a given outline replaces a boundary derived from communities.
WITH given AS (
  SELECT code, name, ST_Multi(ST_GeomFromWKB(decode(wkb, 'hex'), 4490)) AS geom
  FROM unnest(:codes, :names, :outlines) AS g (code, name, wkb)
), up AS (
  INSERT INTO district AS d (code, name, geom, geom_derived)
  SELECT code, name, geom, false FROM given
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geom = EXCLUDED.geom, geom_derived = false
  WHERE (d.name, ST_AsBinary(d.geom), d.geom_derived)
        IS DISTINCT FROM (EXCLUDED.name, ST_AsBinary(EXCLUDED.geom), false)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM up
