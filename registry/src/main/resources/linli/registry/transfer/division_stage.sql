-- Staging table of one district or street import; it disappears with the transaction. district_given
-- is set in SQL (division_prepare_streets.sql); ewkb is null for a row without a boundary.
CREATE TEMP TABLE division_stage (
  row bigint, code text, name text, kind text, district_code text, district_given boolean, district_name text,
  derived boolean, ewkb text, geom geometry(MultiPolygon, 4490)
) ON COMMIT DROP
