-- Inserts or updates the staged streets not rejected; returns (inserted, updated). Boundaries as
-- for districts (division_upsert_districts.sql).
WITH up AS (
  INSERT INTO street AS t (code, name, kind, district_code, geom, geom_derived)
  SELECT code, name, kind, district_code, geom, derived FROM division_stage
  WHERE NOT (row = ANY (CAST(:rejected AS bigint[])))
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code,
    geom = EXCLUDED.geom, geom_derived = EXCLUDED.geom_derived
  WHERE (t.name, t.kind, t.district_code, t.geom_derived, ST_AsBinary(t.geom))
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.district_code, EXCLUDED.geom_derived,
                          ST_AsBinary(EXCLUDED.geom))
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
