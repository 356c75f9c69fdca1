-- Answers as of a past instant are made in memory from today's facilities with the changes since
-- the instant undone (coverage/PastIndex): only the facilities changed since then are read from
-- the history. "Changed since t" is every facility with a history row after t, and every facility
-- removed outright since t (by hand, in SQL: the API only marks a facility deleted), which leaves
-- no history row. This migration records those removals, and indexes the history by time.

-- Writers wait while the backfill below runs and the triggers and indexes are made (seconds at
-- province scale), so no removal falls between them: the tables in the order writers take them.
LOCK TABLE community_history, facility, facility_history IN SHARE ROW EXCLUSIVE MODE;

-- A facility removed outright, and when (the removing transaction's start, as history rows are).
CREATE TABLE facility_removed (
  facility_id bigint NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facility_removed_at ON facility_removed (at);

-- Removals before this migration are undated: 'infinity' counts them as changed since any instant,
-- so their versions are always read from the history (as facility_at does).
INSERT INTO facility_removed (facility_id, at)
SELECT DISTINCT h.facility_id, 'infinity'::timestamptz
FROM facility_history h
WHERE NOT EXISTS (SELECT 1 FROM facility f WHERE f.id = h.facility_id);

-- Triggers of their own, beside the ones that freeze the removed versions (V13-V15).
CREATE FUNCTION facility_record_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_removed (facility_id) SELECT o.id FROM old_rows o;
  RETURN NULL;
END $$;
CREATE TRIGGER facility_removal_recorded AFTER DELETE ON facility
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_record_removed();

-- TRUNCATE fires no DELETE trigger: every facility is recorded before the rows go.
CREATE FUNCTION facility_record_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_removed (facility_id) SELECT f.id FROM facility f;
  RETURN NULL;
END $$;
CREATE TRIGGER facility_truncation_recorded BEFORE TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION facility_record_truncated();

-- The history is appended in time order (each row stamped with its transaction's start), so a
-- block-range index finds the rows after an instant for almost nothing at write time (a B-tree
-- would add an entry per imported facility).
CREATE INDEX facility_history_at ON facility_history USING brin (at);
CREATE INDEX community_history_at ON community_history USING brin (at);

-- facility_at again, with two changes. A facility removed outright no longer stands after its
-- removal (V23 read it from its last history row forever, the removal having left no trace). And
-- the versions read from the history are looked for only among the facilities changed since :t,
-- found through the time index (V23 sorted every history row up to :t, and read 100,000 of them
-- at the 6,000-community city to find the 15,000 it needed): a facility whose live row was last
-- written after :t has a history row after :t (the rows are written with it, stamped with its
-- updated_at), and one without a live row was removed, recorded above.
CREATE OR REPLACE FUNCTION facility_at(t timestamptz)
  RETURNS TABLE (id bigint, version integer, category text, name text, status text, capacity integer,
                 community_code char(12), opened_on date, geom geometry(Point, 4490))
  LANGUAGE sql STABLE AS $$
SELECT f.id, f.version, f.category, f.name, f.status, f.capacity, f.community_code, f.opened_on, f.geom
FROM facility f
WHERE f.updated_at <= t AND NOT f.deleted
UNION ALL
SELECT last.facility_id, last.version, v.feature->'properties'->>'category', v.feature->'properties'->>'name',
       v.feature->'properties'->>'status', (v.feature->'properties'->>'capacity')::integer,
       (v.feature->'properties'->>'community_code')::char(12), (v.feature->'properties'->>'opened_on')::date,
       ST_SetSRID(ST_GeomFromGeoJSON(v.feature->'geometry'), 4490)::geometry(Point, 4490)
FROM (SELECT DISTINCT ON (h.facility_id) h.facility_id, h.version, h.action, h.feature
      FROM facility_history h
      WHERE h.at <= t
        AND h.facility_id IN (SELECT n.facility_id FROM facility_history n WHERE n.at > t
                              UNION
                              SELECT r.facility_id FROM facility_removed r WHERE r.at > t)
        AND NOT EXISTS (SELECT 1 FROM facility l WHERE l.id = h.facility_id AND l.updated_at <= t)
      ORDER BY h.facility_id, h.version DESC) last
LEFT JOIN facility_history_feature x ON x.facility_id = last.facility_id AND x.version = last.version
LEFT JOIN facility l ON l.id = last.facility_id AND l.version = last.version
CROSS JOIN LATERAL (SELECT COALESCE(last.feature, x.feature, facility_as_feature(l)) AS feature) v
WHERE last.action <> 'delete'
  AND NOT EXISTS (SELECT 1 FROM facility_removed r WHERE r.facility_id = last.facility_id AND r.at <= t)
$$;
