-- V13's guard let any session fill in a missing feature (and so forge a version's content); only
-- the freezing triggers may. The check moves into the triggers' WHEN, so a bulk freeze runs no
-- PL/pgSQL per row: the guard function now only ever runs to refuse.
DROP TRIGGER facility_history_no_rewrite ON facility_history;
DROP FUNCTION facility_history_only_frozen();
CREATE TRIGGER facility_history_no_rewrite BEFORE UPDATE ON facility_history
  FOR EACH ROW
  -- Allowed: a trigger (pg_trigger_depth() > 0) filling in a missing feature, nothing else changed.
  WHEN (NOT (OLD.feature IS NULL AND NEW.feature IS NOT NULL AND pg_trigger_depth() > 0
             AND (NEW.facility_id, NEW.version, NEW.action, NEW.at, NEW.by)
                 IS NOT DISTINCT FROM (OLD.facility_id, OLD.version, OLD.action, OLD.at, OLD.by)))
  EXECUTE FUNCTION facility_history_is_append_only();
CREATE TRIGGER facility_history_no_delete BEFORE DELETE ON facility_history
  FOR EACH ROW EXECUTE FUNCTION facility_history_is_append_only();

-- TRUNCATE fires no DELETE trigger: freeze every newest version before the rows go.
CREATE FUNCTION facility_record_history_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE facility_history h SET feature = facility_as_feature(f)
  FROM facility f
  WHERE h.facility_id = f.id AND h.version = f.version AND h.feature IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER facility_history_truncated BEFORE TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION facility_record_history_truncated();
