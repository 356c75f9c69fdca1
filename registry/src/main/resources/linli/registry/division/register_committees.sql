-- Registers the committees (居委会/村委会) by code into committee_register; a row already so is left alone.
WITH up AS (
  INSERT INTO committee_register AS r (code, name, kind, street_code)
  SELECT code, name, kind, street_code
  FROM unnest(:codes, :names, :kinds, :street_codes) AS g (code, name, kind, street_code)
  ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, street_code = EXCLUDED.street_code
  WHERE (r.name, r.kind, r.street_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.street_code)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM up
