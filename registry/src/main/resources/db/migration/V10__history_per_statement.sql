-- The history is written once per statement from its transition table instead of once per row:
-- a bulk import of a million facilities paid about 40 s for the row-by-row trigger.
DROP TRIGGER facility_history_append ON facility;

CREATE FUNCTION facility_record_history_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_history (facility_id, version, action, at, by, feature)
  SELECT n.id, n.version, 'create', n.updated_at, n.updated_by, facility_as_feature(n) FROM new_rows n;
  RETURN NULL;
END $$;

CREATE FUNCTION facility_record_history_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_history (facility_id, version, action, at, by, feature)
  SELECT n.id, n.version, CASE WHEN n.deleted THEN 'delete' ELSE 'update' END, n.updated_at, n.updated_by,
         facility_as_feature(n)
  FROM new_rows n;
  RETURN NULL;
END $$;

CREATE TRIGGER facility_history_inserted AFTER INSERT ON facility
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_record_history_inserted();
CREATE TRIGGER facility_history_updated AFTER UPDATE ON facility
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_record_history_updated();
