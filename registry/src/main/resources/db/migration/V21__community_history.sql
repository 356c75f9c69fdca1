-- Statistical codes are re-issued (merges, renames, splits): every version a community had (code,
-- name, street, population, polygon) is kept, with when and by whom it changed, so a code that
-- goes away or a boundary that moves can still be read as it was. Written by statement-level
-- triggers, like facility_history (V10), so a bulk import pays once per statement.
-- (V21, not V18: another branch holds V20 and this must come after it.)
CREATE TABLE community_history (
  id          bigserial PRIMARY KEY,
  code        char(12) NOT NULL,
  -- baseline: the community as it was when the history began (this migration).
  action      text NOT NULL CHECK (action IN ('baseline', 'create', 'update', 'delete')),
  at          timestamptz NOT NULL DEFAULT now(),
  by          text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL,
  street_code char(9) NOT NULL,
  population  integer NOT NULL,
  workers     integer NOT NULL,
  smart       boolean NOT NULL,
  ref_point   geometry(Point, 4490),
  geom        geometry(MultiPolygon, 4490) NOT NULL
);
CREATE INDEX community_history_code ON community_history (code, id);

CREATE FUNCTION community_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'community_history is append-only';
END $$;
CREATE TRIGGER community_history_no_rewrite BEFORE UPDATE OR DELETE ON community_history
  FOR EACH ROW EXECUTE FUNCTION community_history_is_append_only();

-- Who changed it: what the writer declared for its transaction (an import sets linli.by to the
-- requester), else the database role.
CREATE FUNCTION community_history_by() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('linli.by', true), ''), current_user::text)
$$;

INSERT INTO community_history (code, action, by, name, kind, street_code, population, workers, smart, ref_point, geom)
SELECT code, 'baseline', 'V21__community_history', name, kind, street_code, population, workers, smart, ref_point,
       geom
FROM community;

CREATE FUNCTION community_record_history_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO community_history (code, action, by, name, kind, street_code, population, workers, smart, ref_point,
                                 geom)
  SELECT n.code, 'create', community_history_by(), n.name, n.kind, n.street_code, n.population, n.workers, n.smart,
         n.ref_point, n.geom
  FROM new_rows n;
  RETURN NULL;
END $$;

-- An update that leaves a row as it was adds no version; a code changed in place reads as the old
-- code deleted (its last version) and the new one created.
CREATE FUNCTION community_record_history_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO community_history (code, action, by, name, kind, street_code, population, workers, smart, ref_point,
                                 geom)
  SELECT o.code, 'delete', community_history_by(), o.name, o.kind, o.street_code, o.population, o.workers, o.smart,
         o.ref_point, o.geom
  FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.code = o.code)
  UNION ALL
  SELECT n.code, CASE WHEN o.code IS NULL THEN 'create' ELSE 'update' END, community_history_by(), n.name, n.kind,
         n.street_code, n.population, n.workers, n.smart, n.ref_point, n.geom
  FROM new_rows n LEFT JOIN old_rows o ON o.code = n.code
  WHERE o.code IS NULL
     OR (n.name, n.kind, n.street_code, n.population, n.workers, n.smart, ST_AsBinary(n.ref_point),
         ST_AsBinary(n.geom))
        IS DISTINCT FROM
        (o.name, o.kind, o.street_code, o.population, o.workers, o.smart, ST_AsBinary(o.ref_point),
         ST_AsBinary(o.geom));
  RETURN NULL;
END $$;

-- A deleted community's row records what it last was.
CREATE FUNCTION community_record_history_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO community_history (code, action, by, name, kind, street_code, population, workers, smart, ref_point,
                                 geom)
  SELECT o.code, 'delete', community_history_by(), o.name, o.kind, o.street_code, o.population, o.workers, o.smart,
         o.ref_point, o.geom
  FROM old_rows o;
  RETURN NULL;
END $$;

-- TRUNCATE fires no DELETE trigger: record every community before the rows go.
CREATE FUNCTION community_record_history_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO community_history (code, action, by, name, kind, street_code, population, workers, smart, ref_point,
                                 geom)
  SELECT c.code, 'delete', community_history_by(), c.name, c.kind, c.street_code, c.population, c.workers, c.smart,
         c.ref_point, c.geom
  FROM community c;
  RETURN NULL;
END $$;

CREATE TRIGGER community_history_inserted AFTER INSERT ON community
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_record_history_inserted();
CREATE TRIGGER community_history_updated AFTER UPDATE ON community
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION community_record_history_updated();
CREATE TRIGGER community_history_deleted AFTER DELETE ON community
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_record_history_deleted();
CREATE TRIGGER community_history_truncated BEFORE TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION community_record_history_truncated();
