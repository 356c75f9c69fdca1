-- A revision number per layer, bumped by every statement that changes it. Caches (the road graph,
-- coverage results, tiles) compare revisions instead of guessing when the registry changed.
CREATE TABLE registry_revision (
  layer      text PRIMARY KEY,
  revision   bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO registry_revision (layer) VALUES ('district'), ('street'), ('community'), ('facility'), ('road');

CREATE FUNCTION registry_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registry_revision SET revision = revision + 1, changed_at = now() WHERE layer = TG_TABLE_NAME;
  RETURN NULL;
END $$;

CREATE TRIGGER district_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
  FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_revision();
CREATE TRIGGER street_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON street
  FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_revision();
CREATE TRIGGER community_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_revision();
CREATE TRIGGER facility_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_revision();
CREATE TRIGGER road_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON road
  FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_revision();
