-- Staging table of one facility import; it disappears with the transaction.
CREATE TEMP TABLE import_stage (
  row bigint, category text, name text, address text, phone text, status text, capacity integer, area_m2 float8,
  community_code text, located boolean, opened_on date, source_id text, extra jsonb, x float8, y float8,
  geom geometry(Point, 4490)
) ON COMMIT DROP
