-- Registers streets (街道/镇) by code, by name alone: a boundary they have (imported, or derived from
-- their communities) stays. A street already so is left alone.
WITH up AS (
  INSERT INTO street AS s (code, name, kind, district_code)
  SELECT code, name, kind, district_code
  FROM unnest(:codes, :names, :kinds, :district_codes) AS g (code, name, kind, district_code)
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code
  WHERE (s.name, s.kind, s.district_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.district_code)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM up
