-- facility's reference check as V30 wrote it and V33 made it run as its owner (the definition
-- before V37), for scripts/bench-import-scale.sh to compare a build before V37 with one after it
-- on the same database: TARGETS="db:port:scripts/bench-import-references-v36.sql db:port2:registry/src/main/resources/db/migration/V37__facility_references_one_pass.sql"
-- puts each definition in place before each call of its build. Nothing else of the schema differs.
CREATE OR REPLACE FUNCTION facility_check_references() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
