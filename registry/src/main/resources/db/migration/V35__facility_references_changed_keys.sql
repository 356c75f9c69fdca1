-- Two fixes to the referenced side of V30's checks (facility_referenced_key_gone), for category and
-- community alike.
--
-- 1. An UPDATE checks only the keys it took away: the codes of its old rows that none of its new rows
--    has (one hashed EXCEPT over the OLD and NEW transition tables), as a declared foreign key skips
--    rows whose key did not change. V30 probed the table for every old row, so an import's upsert of
--    every community (names, shapes, populations; no code changes) paid one index probe per row.
--
-- 2. Outside READ COMMITTED a key taken away (DELETE, re-keying UPDATE, TRUNCATE) was refused outright
--    (25000), even when no facility named it: the check can only see its transaction's snapshot,
--    where a facility committed after the snapshot is missing. Now such a change is refused only as a
--    foreign key would refuse it. First the check makes sure that no facility changed since the
--    snapshot: every statement on facility bumps registry_revision's 'facility' row (V5), so locking
--    that row FOR SHARE fails with a serialization error (40001, as the foreign key's cross-check
--    fails, and retried by the same callers) when a writer committed after the snapshot, and waits
--    for one in flight. Past that lock the snapshot holds every facility there is, and later writers
--    cannot name the key: they need a KEY SHARE lock on its row (or, after TRUNCATE, on the table),
--    which waits for this transaction. So the snapshot's answer is the truth: 23503 when a facility
--    names the key, nothing otherwise. The lock is held to the end of the transaction and holds up
--    facility writers meanwhile; only a removal or re-keying outside READ COMMITTED takes it.
CREATE OR REPLACE FUNCTION facility_referenced_key_gone() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  gone text[];
  still_named text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    gone := NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.code) INTO gone FROM (SELECT code FROM old_rows EXCEPT SELECT code FROM new_rows) k;
  ELSIF TG_TABLE_NAME = 'category' THEN
    -- A DELETE: a key deleted and put back in the same statement (a data-modifying WITH) is not gone.
    SELECT array_agg(o.code) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM category k WHERE k.code = o.code);
  ELSE
    SELECT array_agg(o.code) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM community k WHERE k.code = o.code);
  END IF;
  IF TG_OP <> 'TRUNCATE' AND gone IS NULL THEN
    RETURN NULL; -- no key went (an update of names, population, shapes)
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    PERFORM 1 FROM registry_revision WHERE layer = 'facility' FOR SHARE;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    EXECUTE format('SELECT min(%1$I::text) FROM facility WHERE %1$I IS NOT NULL', TG_ARGV[0]) INTO still_named;
  ELSIF TG_TABLE_NAME = 'category' THEN
    -- No btree on facility.category (V1); the GiST index keyed by hashtext(category) (V11) finds it.
    SELECT min(g.code) INTO still_named FROM unnest(gone) g(code)
    WHERE EXISTS (SELECT 1 FROM facility f WHERE hashtext(f.category) = hashtext(g.code) AND f.category = g.code);
  ELSE
    SELECT min(g.code) INTO still_named FROM unnest(gone) g(code)
    WHERE EXISTS (SELECT 1 FROM facility f WHERE f.community_code = g.code::char(12));
  END IF;
  IF still_named IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "facility"',
        TG_TABLE_NAME, TG_ARGV[1]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[1], TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (code)=(%s) is still referenced from table "facility".', still_named);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER category_facility_references_updated ON category;
CREATE TRIGGER category_facility_references_updated AFTER UPDATE ON category
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('category', 'facility_category_fkey');
DROP TRIGGER community_facility_references_updated ON community;
CREATE TRIGGER community_facility_references_updated AFTER UPDATE ON community
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('community_code', 'facility_community_code_fkey');
