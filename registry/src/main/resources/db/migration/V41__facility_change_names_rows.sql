-- A committed change of facilities names the facilities it touched, so that the in-memory facility
-- index (FacilityIndex) reads only those rows again after an edit instead of the whole category
-- (ten categories after one edit each: 40-80 ms of a life-circle question at 6,000 communities,
-- docs/BENCHMARKS.md, "Life circles after edits").
--
-- V12's payload on channel 'linli_registry' is sent exactly as before, so a server of an earlier
-- build on this database reads every change as it did. Each facility statement is announced, in
-- addition, on channel 'linli_registry_rows' as 'facility|box|categories|ids': the first three parts
-- V12's, ids a comma list of the facility ids in the statement's old and new rows, or '*' when it
-- touched more than 128 facilities (an import: the categories are read whole then, as cheap as
-- reading that many rows) and on TRUNCATE. A server of this build takes facility changes from that
-- channel only (RegistryChanges); both notifications go out at the commit, in order.
CREATE OR REPLACE FUNCTION registry_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  box box2d;
  categories text[];
  touched bigint;
  ids text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('linli_registry', TG_TABLE_NAME || '||*');
    IF TG_TABLE_NAME = 'facility' THEN
      PERFORM pg_notify('linli_registry_rows', 'facility||*|*');
    END IF;
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'facility' THEN
    -- touched counts rows of the transition tables: an UPDATE has two per facility.
    IF TG_OP = 'INSERT' THEN
      SELECT ST_Extent(geom), array_agg(DISTINCT category), count(*) INTO box, categories, touched FROM new_rows;
      IF touched <= 128 THEN
        SELECT string_agg(id::text, ',') INTO ids FROM new_rows;
      END IF;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT ST_Extent(geom), array_agg(DISTINCT category), count(*) INTO box, categories, touched FROM old_rows;
      IF touched <= 128 THEN
        SELECT string_agg(id::text, ',') INTO ids FROM old_rows;
      END IF;
    ELSE
      SELECT ST_Extent(geom), array_agg(DISTINCT category), count(*) INTO box, categories, touched
      FROM (SELECT geom, category FROM old_rows UNION ALL SELECT geom, category FROM new_rows) r;
      IF touched <= 256 THEN -- an UPDATE of its id names both
        SELECT string_agg(DISTINCT id::text, ',') INTO ids
        FROM (SELECT id FROM old_rows UNION ALL SELECT id FROM new_rows) r;
      END IF;
    END IF;
  ELSE
    -- A community's coverage is measured from its reference point, which may lie outside it.
    IF TG_OP = 'INSERT' THEN
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box FROM old_rows;
    ELSE
      SELECT ST_Extent(ST_Collect(geom, ref_point)) INTO box
      FROM (SELECT geom, ref_point FROM old_rows UNION ALL SELECT geom, ref_point FROM new_rows) r;
    END IF;
  END IF;
  IF box IS NOT NULL THEN -- NULL: the statement changed no row
    PERFORM pg_notify('linli_registry', TG_TABLE_NAME || '|'
      || concat_ws(',', ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)) || '|'
      || COALESCE(array_to_string(categories, ','), '*'));
    IF TG_TABLE_NAME = 'facility' THEN
      PERFORM pg_notify('linli_registry_rows', 'facility|'
        || concat_ws(',', ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)) || '|'
        || COALESCE(array_to_string(categories, ','), '*') || '|' || COALESCE(ids, '*'));
    END IF;
  END IF;
  RETURN NULL;
END $$;
