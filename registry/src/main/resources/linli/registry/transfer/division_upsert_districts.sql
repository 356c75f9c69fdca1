-- Inserts or updates the staged districts not rejected; returns (inserted, updated). A district
-- without a boundary (geom NULL) takes its communities' union (V17's trigger), EXCLUDED included.
WITH up AS (
  INSERT INTO district AS d (code, name, geom, geom_derived)
  SELECT code, name, geom, derived FROM division_stage WHERE NOT (row = ANY (CAST(:rejected AS bigint[])))
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geom = EXCLUDED.geom, geom_derived = EXCLUDED.geom_derived
  WHERE (d.name, d.geom_derived, ST_AsBinary(d.geom))
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.geom_derived, ST_AsBinary(EXCLUDED.geom))
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
