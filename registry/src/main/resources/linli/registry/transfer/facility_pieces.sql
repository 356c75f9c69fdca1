-- Communities cut into small pieces, so a point is tested against a few vertices rather than a whole
-- district border (17 s per million points before, on the Qingdao demo).
CREATE TEMP TABLE community_piece ON COMMIT DROP AS SELECT code, ST_Subdivide(geom, 32) AS geom FROM community;
CREATE INDEX ON community_piece USING gist (geom);
ANALYZE community_piece;
-- The staged rows that need a write, with everything the writes need: their community, the
-- facility they match by (source, source_id) and whether that one differs.
CREATE TEMP TABLE import_ready ON COMMIT DROP AS SELECT * FROM import_stage WITH NO DATA;
ALTER TABLE import_ready ADD COLUMN facility_id bigint, ADD COLUMN changed boolean NOT NULL DEFAULT false
