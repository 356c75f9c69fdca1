-- Staging table of one road import, a row per LineString; it disappears with the transaction.
CREATE TEMP TABLE road_stage (
  row bigint, highway text, walkable boolean, ewkb text, geom geometry(LineString, 4490)
) ON COMMIT DROP
