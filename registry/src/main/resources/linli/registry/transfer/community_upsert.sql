-- Inserts or updates the staged communities not rejected, leaving alone those that would not change;
-- returns (inserted, updated).
WITH up AS (
  INSERT INTO community AS c (code, name, kind, street_code, population, workers, smart, ref_point, geom)
  SELECT code, name, kind, street_code, coalesce(population, 0), coalesce(workers, 0), smart, ref, geom
  FROM community_stage WHERE NOT (row = ANY (CAST(:rejected AS bigint[])))
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
    street_code = EXCLUDED.street_code, population = EXCLUDED.population, workers = EXCLUDED.workers,
    smart = EXCLUDED.smart, ref_point = EXCLUDED.ref_point, geom = EXCLUDED.geom
  WHERE (c.name, c.kind, c.street_code, c.population, c.workers, c.smart, ST_AsBinary(c.ref_point),
         ST_AsBinary(c.geom))
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.street_code, EXCLUDED.population,
         EXCLUDED.workers, EXCLUDED.smart, ST_AsBinary(EXCLUDED.ref_point), ST_AsBinary(EXCLUDED.geom))
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
