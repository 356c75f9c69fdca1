-- The staged rows that need a write, with everything the writes need: their community, the
-- facility they match by (source, source_id) and whether that one differs.
CREATE TEMP TABLE import_ready ON COMMIT DROP AS SELECT * FROM import_stage WITH NO DATA;
ALTER TABLE import_ready ADD COLUMN facility_id bigint, ADD COLUMN changed boolean NOT NULL DEFAULT false
