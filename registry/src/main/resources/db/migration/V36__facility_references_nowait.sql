-- Two refinements of V35's referenced-side check (facility_referenced_key_gone), found in review.
--
-- 1. Outside READ COMMITTED the check locked registry_revision's 'facility' row FOR SHARE and waited
--    for a facility writer in flight. A writer that goes on to name the key being removed then waits
--    for this transaction's row lock: a deadlock (40P01), which PostgreSQL usually resolves by
--    aborting the writer, an import that had done nothing wrong. Now the lock is taken NOWAIT and a
--    writer in flight fails the removal at once with a serialization failure (40001), the error its
--    caller retries anyway: the removal, not the import, is the one to try again.
-- 2. An UPDATE that takes a key away and puts it back in the same statement (a data-modifying WITH)
--    no longer counts it as gone, as the DELETE branch already did and as a foreign key behaves.
CREATE OR REPLACE FUNCTION facility_referenced_key_gone() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  gone text[];
  still_named text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    gone := NULL;
  ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'category' THEN
    -- Not gone when the same statement put the key back (a data-modifying WITH), as for DELETE.
    SELECT array_agg(k.code) INTO gone FROM (SELECT code FROM old_rows EXCEPT SELECT code FROM new_rows) k
    WHERE NOT EXISTS (SELECT 1 FROM category c WHERE c.code = k.code);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k.code) INTO gone FROM (SELECT code FROM old_rows EXCEPT SELECT code FROM new_rows) k
    WHERE NOT EXISTS (SELECT 1 FROM community c WHERE c.code = k.code);
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
    BEGIN
      PERFORM 1 FROM registry_revision WHERE layer = 'facility' FOR SHARE NOWAIT;
    EXCEPTION WHEN lock_not_available THEN
      RAISE EXCEPTION 'a facility write is in progress; retry the removal'
        USING ERRCODE = 'serialization_failure';
    END;
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

