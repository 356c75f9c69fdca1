-- Roads come in bulk from a source (a bureau's network, the demo generator); importing a source
-- again replaces that source's roads, so re-imports never duplicate.
ALTER TABLE road ADD COLUMN source text NOT NULL DEFAULT 'registry';
CREATE INDEX road_source ON road (source);
