-- A facility's newest version is its live row, so its history row no longer carries a copy of it:
-- the feature of a version is written ("frozen") from the old row when a newer version supersedes
-- it. Building one JSON document per new row cost about 9 of 31 s per million imported facilities;
-- a version is superseded far less often than one is created. Readers use facility_versions.
ALTER TABLE facility_history ALTER COLUMN feature DROP NOT NULL;

-- Append-only as before, except the one change freezing allows: a missing feature filled in.
CREATE FUNCTION facility_history_only_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- ("by" is a PL/pgSQL keyword, hence quoted.)
    IF OLD.feature IS NULL AND NEW.feature IS NOT NULL
       AND (NEW.facility_id, NEW.version, NEW.action, NEW."at", NEW."by")
           IS NOT DISTINCT FROM (OLD.facility_id, OLD.version, OLD.action, OLD."at", OLD."by") THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'facility_history is append-only';
END $$;
DROP TRIGGER facility_history_no_rewrite ON facility_history;
CREATE TRIGGER facility_history_no_rewrite BEFORE UPDATE OR DELETE ON facility_history
  FOR EACH ROW EXECUTE FUNCTION facility_history_only_frozen();

CREATE OR REPLACE FUNCTION facility_record_history_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_history (facility_id, version, action, at, by)
  SELECT n.id, n.version, 'create', n.updated_at, n.updated_by FROM new_rows n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION facility_record_history_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE facility_history h SET feature = facility_as_feature(o)
  FROM old_rows o
  WHERE h.facility_id = o.id AND h.version = o.version AND h.feature IS NULL;
  INSERT INTO facility_history (facility_id, version, action, at, by)
  SELECT n.id, n.version, CASE WHEN n.deleted THEN 'delete' ELSE 'update' END, n.updated_at, n.updated_by
  FROM new_rows n;
  RETURN NULL;
END $$;

-- A facility removed outright (by hand, in SQL: the API only marks it deleted) keeps its last version.
CREATE FUNCTION facility_record_history_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE facility_history h SET feature = facility_as_feature(o)
  FROM old_rows o
  WHERE h.facility_id = o.id AND h.version = o.version AND h.feature IS NULL;
  RETURN NULL;
END $$;

DROP TRIGGER facility_history_updated ON facility;
CREATE TRIGGER facility_history_updated AFTER UPDATE ON facility
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION facility_record_history_updated();
CREATE TRIGGER facility_history_removed AFTER DELETE ON facility
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_record_history_removed();

-- Every version of every facility with its feature: frozen, or for the newest version the live row.
CREATE VIEW facility_versions AS
SELECT h.facility_id, h.version, h.action, h.at, h.by,
       CASE WHEN h.feature IS NOT NULL THEN h.feature
            ELSE (SELECT facility_as_feature(f) FROM facility f WHERE f.id = h.facility_id AND f.version = h.version)
       END AS feature
FROM facility_history h;
