-- Every committed change to facilities or communities is announced on channel 'linli_registry'
-- with the area it touched, so caches (tiles) drop exactly what changed, and nothing is read per
-- request. The payload is text 'table|minLon,minLat,maxLon,maxLat|categories': the box empty for
-- "everywhere", the categories a comma list of the facility categories involved, or '*' for any
-- (communities, TRUNCATE). PostgreSQL delivers a notification only when its transaction commits.
CREATE FUNCTION registry_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  box box2d;
  categories text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('linli_registry', TG_TABLE_NAME || '||*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'facility' THEN
    IF TG_OP = 'INSERT' THEN
      SELECT ST_Extent(geom), array_agg(DISTINCT category) INTO box, categories FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT ST_Extent(geom), array_agg(DISTINCT category) INTO box, categories FROM old_rows;
    ELSE
      SELECT ST_Extent(geom), array_agg(DISTINCT category) INTO box, categories
      FROM (SELECT geom, category FROM old_rows UNION ALL SELECT geom, category FROM new_rows) r;
    END IF;
  ELSE
    -- A community's coverage is measured from its reference point, which may lie outside it.
    IF TG_OP = 'INSERT' THEN
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box FROM old_rows;
    ELSE
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box
      FROM (SELECT geom, ref_point FROM old_rows UNION ALL SELECT geom, ref_point FROM new_rows) r;
    END IF;
  END IF;
  IF box IS NOT NULL THEN -- NULL: the statement changed no row
    PERFORM pg_notify('linli_registry', TG_TABLE_NAME || '|'
      || concat_ws(',', ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)) || '|'
      || COALESCE(array_to_string(categories, ','), '*'));
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three triggers per table.
CREATE TRIGGER facility_notify_insert AFTER INSERT ON facility
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER facility_notify_update AFTER UPDATE ON facility
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER facility_notify_delete AFTER DELETE ON facility
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER facility_notify_truncate AFTER TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER community_notify_insert AFTER INSERT ON community
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER community_notify_update AFTER UPDATE ON community
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER community_notify_delete AFTER DELETE ON community
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
CREATE TRIGGER community_notify_truncate AFTER TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change();
