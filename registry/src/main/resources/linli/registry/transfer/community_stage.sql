-- Staging table of one community import; it disappears with the transaction. ewkb is the polygon as
-- read (in the file's CRS), geom and ref the polygon and reference point once placed in CGCS2000.
CREATE TEMP TABLE community_stage (
  row bigint, code text, name text, kind text, street_code text, street_name text, district_code text,
  district_name text, population integer, workers integer, smart boolean, ref_x float8, ref_y float8, ewkb text,
  geom geometry(MultiPolygon, 4490), ref geometry(Point, 4490)
) ON COMMIT DROP
