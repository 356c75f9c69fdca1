-- Two refinements of V37's facility reference check, found in review.
--
-- 1. The escalation threshold `linli.reference_table_lock_above` is read leniently: a value that is
--    not a plain non-negative integer below a billion (say 'abc' or '2000.0' in postgresql.conf, a
--    role or a session) counts as the default 2,000. V37 cast it for every statement, so such a value
--    failed every facility INSERT and UPDATE (22P02), single edits included.
-- 2. The registry_revision 'facility' row is taken NOWAIT, in the same sub-block as the table lock:
--    the statement escalates only when both are free at once, and otherwise takes row locks exactly
--    as before V37 (the sub-block's rollback releases the row). V37 took the row and then, when the
--    table lock was refused, waited for community row locks while holding it: a transaction that
--    changed a named community and then wrote facilities waited for that row in turn, a deadlock
--    (40P01) that V36's order (row locks first, the revision row at the end of the statement) did
--    not have. No path of the application did this, manual SQL could.
CREATE OR REPLACE FUNCTION facility_check_references() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  categories text[];
  communities char(12)[];
  locked text[];
  missing text;
  table_locked boolean := false;
  lock_above text := current_setting('linli.reference_table_lock_above', true);
BEGIN
  SELECT array_agg(g.category) FILTER (WHERE g.by_category),
         array_agg(g.community_code) FILTER (WHERE NOT g.by_category AND g.community_code IS NOT NULL)
  INTO categories, communities
  FROM (SELECT n.category, n.community_code, GROUPING(n.category) = 0 AS by_category
        FROM new_rows n GROUP BY GROUPING SETS ((n.category), (n.community_code))) g;

  -- Locked and found in one statement, so a row deleted between a check and a lock cannot slip
  -- through; array_agg reads the locking scan to its end.
  SELECT array_agg(l.code) INTO locked
  FROM (SELECT c.code FROM category c WHERE c.code = ANY (categories) FOR KEY SHARE OF c) l;
  SELECT min(m.code) INTO missing FROM (SELECT unnest(categories) EXCEPT SELECT unnest(locked)) m(code);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "facility" violates foreign key constraint "facility_category_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'facility_category_fkey', TABLE = 'facility',
            COLUMN = 'category',
            DETAIL = format('Key (category)=(%s) is not present in table "category".', missing);
  END IF;

  IF cardinality(communities) > COALESCE(substring(btrim(lock_above) FROM '^[0-9]{1,9}\Z')::integer, 2000)
     AND current_setting('transaction_isolation') = 'read committed' THEN
    BEGIN
      PERFORM 1 FROM registry_revision WHERE layer = 'facility' FOR NO KEY UPDATE NOWAIT;
      LOCK TABLE community IN SHARE MODE NOWAIT;
      table_locked := true;
    EXCEPTION WHEN lock_not_available THEN
      -- Another facility writer or a community writer is in flight: row locks, as for a small
      -- statement and as before V37 (the sub-block's rollback gives the revision row back).
      table_locked := false;
    END;
  END IF;
  IF table_locked THEN
    SELECT min(m.code) INTO missing FROM unnest(communities) m(code)
    WHERE NOT EXISTS (SELECT 1 FROM community c WHERE c.code = m.code);
  ELSE
    SELECT array_agg(l.code) INTO locked
    FROM (SELECT c.code FROM community c WHERE c.code = ANY (communities) FOR KEY SHARE OF c) l;
    SELECT min(m.code) INTO missing FROM (SELECT unnest(communities) EXCEPT SELECT unnest(locked)) m(code);
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "facility" violates foreign key constraint "facility_community_code_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'facility_community_code_fkey', TABLE = 'facility',
            COLUMN = 'community_code',
            DETAIL = format('Key (community_code)=(%s) is not present in table "community".', missing);
  END IF;
  RETURN NULL;
END $$;
