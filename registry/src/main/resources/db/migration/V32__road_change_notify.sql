-- The walking network is drawn as vector tiles (the map's "walking network" layer): a committed change
-- to the road table is announced on the change feed as V12 announces facilities and V25 divisions, so
-- road tiles can be cached like the others. 'road||*', no box: roads change by whole imports (or a
-- source removed), and every road tile is dropped then.
CREATE FUNCTION registry_notify_road_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('linli_registry', 'road||*');
  RETURN NULL;
END $$;

CREATE TRIGGER road_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON road
  FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_road_change();
