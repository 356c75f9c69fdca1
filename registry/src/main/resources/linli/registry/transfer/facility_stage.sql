-- Staging table of one facility import; it disappears with the transaction. The placeholder: the
-- catalogue's properties written as given (WrittenColumns), in FacilityImporter's COPY order.
CREATE TEMP TABLE import_stage (
  row bigint, category text, status text, {{columns}},
  community_code text, located boolean, source_id text, extra jsonb, x float8, y float8,
  geom geometry(Point, 4490)
) ON COMMIT DROP
