-- facility_removed (V40) says since when a facility removed outright is gone: answers as of a past
-- instant read it to know which facilities to take from the history. Like the history it records,
-- it is append-only: a row rewritten or removed would make a past answer silently wrong.
CREATE FUNCTION facility_removed_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'facility_removed is append-only';
END $$;
CREATE TRIGGER facility_removed_no_rewrite BEFORE UPDATE OR DELETE ON facility_removed
  FOR EACH ROW EXECUTE FUNCTION facility_removed_is_append_only();
CREATE TRIGGER facility_removed_no_truncate BEFORE TRUNCATE ON facility_removed
  FOR EACH STATEMENT EXECUTE FUNCTION facility_removed_is_append_only();
