-- facility's two foreign keys (category -> category (code), community_code -> community (code), both
-- NO ACTION since V1, never altered) become statement-level checks with the same guarantees. A
-- declared foreign key checks row by row: one index probe and one row lock per inserted row, 27-35 %
-- of a 200,000-row import's INSERT (docs/BENCHMARKS.md, "The fair comparison"). Here each statement
-- checks the distinct values of all its new rows at once. The constraint names stay in the errors
-- (SQLSTATE 23503, message and DETAIL as PostgreSQL words them), so a client sees what it saw.
--
-- Why it stays safe under concurrency, as the foreign key was:
-- - The facility side takes the referenced rows it found FOR KEY SHARE in the same statement that
--   finds them, as the foreign key's check does. A concurrent DELETE of the category, or an UPDATE
--   of its code, needs a lock that conflicts with KEY SHARE: it waits until the inserting transaction
--   ends. A row deleted by a transaction that committed first is skipped by the lock (READ COMMITTED)
--   or fails it with a serialization error (REPEATABLE READ), and is then reported missing.
-- - The category/community side checks, after its statement, whether a key that is gone is still
--   named by a facility. Under READ COMMITTED each query of the check takes a fresh snapshot, so
--   after waiting for the inserter's KEY SHARE lock it sees the facilities that inserter committed.
--   Under REPEATABLE READ or SERIALIZABLE the check could only see its transaction's snapshot (the
--   foreign key uses a newer "cross-check" snapshot that SQL cannot take), so there a delete or key
--   change of a category or community is refused outright (25000; not 0A000,
--   which connection pools take for a broken connection): nothing in Linli does that
--   outside READ COMMITTED, and a dangling reference must not be possible.
-- - TRUNCATE of category or community fires no DELETE trigger; an AFTER TRUNCATE check refuses it
--   while any facility names a row (TRUNCATE's ACCESS EXCLUSIVE lock first waits for inserters, whose
--   KEY SHARE locks hold ROW SHARE on the table). The foreign key refused such a TRUNCATE outright.
-- Checks on UPDATE of facility cover every updated row, not only rows whose category or community
-- changed: PostgreSQL does not allow UPDATE OF column lists on triggers with transition tables, and
-- the distinct values of a statement are few, so the whole NEW TABLE costs about the same.
ALTER TABLE facility DROP CONSTRAINT facility_category_fkey, DROP CONSTRAINT facility_community_code_fkey;

CREATE FUNCTION facility_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  categories text[];
  communities char(12)[];
  missing text;
BEGIN
  -- Locked and found in one statement, so a row deleted between a check and a lock cannot slip
  -- through; array_agg reads the locking scan to its end. What the statement named but was not
  -- locked is missing (EXCEPT: one hashed pass over the new rows).
  SELECT array_agg(l.code) INTO categories
  FROM (SELECT c.code FROM category c WHERE c.code IN (SELECT n.category FROM new_rows n) FOR KEY SHARE OF c) l;
  SELECT min(m.category) INTO missing
  FROM (SELECT n.category FROM new_rows n EXCEPT SELECT unnest(categories)) m;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "facility" violates foreign key constraint "facility_category_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'facility_category_fkey', TABLE = 'facility',
            COLUMN = 'category',
            DETAIL = format('Key (category)=(%s) is not present in table "category".', missing);
  END IF;

  SELECT array_agg(l.code) INTO communities
  FROM (SELECT c.code FROM community c WHERE c.code IN (SELECT n.community_code FROM new_rows n)
        FOR KEY SHARE OF c) l;
  SELECT min(m.community_code) INTO missing
  FROM (SELECT n.community_code FROM new_rows n WHERE n.community_code IS NOT NULL
        EXCEPT SELECT unnest(communities)) m;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "facility" violates foreign key constraint "facility_community_code_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'facility_community_code_fkey', TABLE = 'facility',
            COLUMN = 'community_code',
            DETAIL = format('Key (community_code)=(%s) is not present in table "community".', missing);
  END IF;
  RETURN NULL;
END $$;

-- Named to run first among facility's statement triggers (they fire by name): a refused statement
-- writes no history or change notice before it fails.
CREATE TRIGGER facility_a_references_inserted AFTER INSERT ON facility
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_check_references();
CREATE TRIGGER facility_a_references_updated AFTER UPDATE ON facility
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facility_check_references();

-- The referenced side, for category and community alike (TG_ARGV: the facility column, the
-- constraint's name). NO ACTION semantics: checked at the end of the statement, and a key that is
-- still present afterwards (an update that kept it) is not gone.
CREATE FUNCTION facility_referenced_key_gone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  gone text[];
  still_named text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    gone := NULL;
  ELSIF TG_TABLE_NAME = 'category' THEN
    SELECT array_agg(o.code) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM category k WHERE k.code = o.code);
  ELSE
    SELECT array_agg(o.code) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM community k WHERE k.code = o.code);
  END IF;
  IF TG_OP <> 'TRUNCATE' AND gone IS NULL THEN
    RETURN NULL; -- no key changed (an update of names, population, shapes)
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'removing or re-keying rows of table "%" needs READ COMMITTED', TG_TABLE_NAME
      USING ERRCODE = 'invalid_transaction_state',
            DETAIL = 'The facilities that name its keys are checked with a fresh snapshot, as a foreign key would.';
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

CREATE TRIGGER category_facility_references_deleted AFTER DELETE ON category
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('category', 'facility_category_fkey');
CREATE TRIGGER category_facility_references_updated AFTER UPDATE ON category
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('category', 'facility_category_fkey');
CREATE TRIGGER category_facility_references_truncated AFTER TRUNCATE ON category
  FOR EACH STATEMENT EXECUTE FUNCTION facility_referenced_key_gone('category', 'facility_category_fkey');
CREATE TRIGGER community_facility_references_deleted AFTER DELETE ON community
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('community_code', 'facility_community_code_fkey');
CREATE TRIGGER community_facility_references_updated AFTER UPDATE ON community
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION facility_referenced_key_gone('community_code', 'facility_community_code_fkey');
CREATE TRIGGER community_facility_references_truncated AFTER TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION facility_referenced_key_gone('community_code', 'facility_community_code_fkey');
