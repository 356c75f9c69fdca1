-- facility's reference check (V30, as owner since V33) made cheaper for statements that name many
-- communities, as an import at province scale does (200,000 rows naming ~84,000 of 96,000
-- communities: 0.7-1.0 s of the statement, docs/BENCHMARKS.md "Province-scale import").
--
-- 1. One pass over the new rows for both columns: their distinct categories and communities come out
--    of one hashed GROUPING SETS scan of the transition table. V30 read it four times (a semi-join
--    that locks, then an EXCEPT, per column); what it named is then looked up from the arrays.
-- 2. Lock escalation: a statement that names more than `linli.reference_table_lock_above` distinct
--    communities (default 2000), in READ COMMITTED, takes `community` in SHARE mode for the rest of
--    its transaction instead of one KEY SHARE row lock per community (each a heap write and a WAL
--    record). SHARE conflicts with every INSERT, UPDATE and DELETE of communities, so no community
--    can be removed or re-keyed until the import ends, as the row locks guaranteed for the rows
--    named, and the existence check after the lock, with a fresh snapshot (READ COMMITTED), sees
--    every community change committed before it. SHARE does not conflict with SHARE nor with the
--    ROW SHARE of other writers' KEY SHARE row locks: small facility edits go on meanwhile.
--    - The table lock is asked NOWAIT: when a community writer is in flight (or queued), the
--      statement takes row locks as before instead of waiting, so escalation never waits on a
--      community writer. A community writer that comes later waits for the import to end.
--    - Before it, the statement takes the `facility` row of registry_revision (FOR NO KEY UPDATE,
--      what facility_revision's UPDATE at the end of the same statement takes anyway). Every writer
--      of facilities holds that row until it ends, so a transaction that wrote facilities and then
--      changes communities (community retirement moves facilities first) either has it already,
--      and the import waits for it before taking the table lock, or waits for the import before
--      writing facilities at all: no deadlock between the table lock and the revision row. Facility
--      writers were serialised by that row already, so the table lock costs them no new wait.
--    - Small statements (single edits) keep row locks, so they never hold up community edits.
--    - REPEATABLE READ and SERIALIZABLE keep row locks: their snapshot could miss a community
--      removed after it, which a KEY SHARE lock reports as a serialization failure.
-- Semantics are unchanged: the same refusals (23503, constraint names, DETAIL naming the smallest
-- missing key, categories checked first), and the referenced side (V36) untouched.
CREATE OR REPLACE FUNCTION facility_check_references() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  categories text[];
  communities char(12)[];
  locked text[];
  missing text;
  table_locked boolean := false;
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

  IF cardinality(communities) > COALESCE(NULLIF(current_setting('linli.reference_table_lock_above', true), '')::integer, 2000)
     AND current_setting('transaction_isolation') = 'read committed' THEN
    PERFORM 1 FROM registry_revision WHERE layer = 'facility' FOR NO KEY UPDATE;
    BEGIN
      LOCK TABLE community IN SHARE MODE NOWAIT;
      table_locked := true;
    EXCEPTION WHEN lock_not_available THEN
      table_locked := false; -- a community writer is in flight: row locks, as for a small statement
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
