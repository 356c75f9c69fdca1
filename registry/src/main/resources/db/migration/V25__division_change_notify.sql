-- Community tiles carry their street's and district's names (the catalogue's tile attributes), so a
-- committed change to a street or district is announced too, as V12 announces facilities and
-- communities: 'table||*', no box (a renamed street touches all its communities' tiles). An update
-- of the boundary alone is not announced: no tile draws it, and V17 rewrites derived boundaries on
-- every community edit, which would otherwise drop every community tile each time.
CREATE FUNCTION registry_notify_division_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN -- nested: the transition tables exist only for the UPDATE trigger
    IF NOT EXISTS (SELECT to_jsonb(o) - 'geom' - 'geom_derived' FROM old_rows o
                   EXCEPT SELECT to_jsonb(n) - 'geom' - 'geom_derived' FROM new_rows n) THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('linli_registry', TG_TABLE_NAME || '||*');
  RETURN NULL;
END $$;

-- An UPDATE trigger with transition tables cannot share its trigger with other events.
CREATE TRIGGER street_notify_update AFTER UPDATE ON street
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION registry_notify_division_change();
CREATE TRIGGER street_notify AFTER INSERT OR DELETE OR TRUNCATE ON street
  FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_division_change();
CREATE TRIGGER district_notify_update AFTER UPDATE ON district
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION registry_notify_division_change();
CREATE TRIGGER district_notify AFTER INSERT OR DELETE OR TRUNCATE ON district
  FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_division_change();
