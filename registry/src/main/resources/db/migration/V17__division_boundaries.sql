-- Districts and streets can be registered without a boundary (an import of names, a community file
-- that names its street and district). Their geom is then the union of their communities, kept in
-- step by triggers, so that every reader of geom (outlines, locating a point, the covered extent)
-- sees one boundary whichever way it came; geom_derived says which way it came.
ALTER TABLE district ALTER COLUMN geom DROP NOT NULL;
ALTER TABLE district ADD COLUMN geom_derived boolean NOT NULL DEFAULT false;
ALTER TABLE street ADD COLUMN geom_derived boolean NOT NULL DEFAULT false;
ALTER TABLE street ALTER COLUMN kind SET DEFAULT '街道';

-- The union of the communities' polygons (NULL when there are none): MultiPolygon, as geom is.
CREATE FUNCTION street_communities_union(street char(9)) RETURNS geometry LANGUAGE sql STABLE AS $$
  SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3)) FROM community c WHERE c.street_code = street
$$;
CREATE FUNCTION district_communities_union(district char(6)) RETURNS geometry LANGUAGE sql STABLE AS $$
  SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3))
  FROM community c JOIN street s ON s.code = c.street_code WHERE s.district_code = district
$$;

-- A row written without a boundary takes the derived one.
CREATE FUNCTION district_derive_geom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.geom IS NULL OR NEW.geom_derived THEN
    NEW.geom_derived := true;
    NEW.geom := district_communities_union(NEW.code);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER district_derive_geom BEFORE INSERT OR UPDATE ON district
  FOR EACH ROW EXECUTE FUNCTION district_derive_geom();

CREATE FUNCTION street_derive_geom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.geom IS NULL OR NEW.geom_derived THEN
    NEW.geom_derived := true;
    NEW.geom := street_communities_union(NEW.code);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER street_derive_geom BEFORE INSERT OR UPDATE ON street
  FOR EACH ROW EXECUTE FUNCTION street_derive_geom();

-- After each statement that changes communities, the derived boundaries of the streets and
-- districts it touched are made again (once per statement: an import of thousands of communities
-- unions each district once). Touching the row is enough: the BEFORE trigger recomputes.
CREATE FUNCTION division_refresh_derived(streets char(9)[]) RETURNS void LANGUAGE sql AS $$
  UPDATE street SET geom = NULL WHERE geom_derived AND code = ANY (streets);
  UPDATE district SET geom = NULL
  WHERE geom_derived AND code IN (SELECT district_code FROM street WHERE code = ANY (streets));
$$;

CREATE FUNCTION community_refresh_divisions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM division_refresh_derived(ARRAY(SELECT DISTINCT street_code FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION community_refresh_divisions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM division_refresh_derived(ARRAY(
    SELECT street_code FROM new_rows UNION SELECT street_code FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION community_refresh_divisions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM division_refresh_derived(ARRAY(SELECT DISTINCT street_code FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION community_refresh_divisions_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM division_refresh_derived(ARRAY(SELECT code FROM street WHERE geom_derived));
  RETURN NULL;
END $$;

CREATE TRIGGER community_divisions_inserted AFTER INSERT ON community REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION community_refresh_divisions_inserted();
CREATE TRIGGER community_divisions_updated AFTER UPDATE ON community
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION community_refresh_divisions_updated();
CREATE TRIGGER community_divisions_deleted AFTER DELETE ON community REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION community_refresh_divisions_deleted();
CREATE TRIGGER community_divisions_truncated AFTER TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION community_refresh_divisions_truncated();

-- A street that moves to another district changes both districts' derived boundaries.
CREATE FUNCTION street_refresh_districts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE district SET geom = NULL WHERE geom_derived AND code IN (
    SELECT unnest(ARRAY[n.district_code, o.district_code]) FROM new_rows n JOIN old_rows o USING (code)
    WHERE n.district_code <> o.district_code);
  RETURN NULL;
END $$;
CREATE TRIGGER street_districts_updated AFTER UPDATE ON street
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_refresh_districts();

-- The kind of a street registered by name alone: 镇 (town), 街道 (street), else 其他.
CREATE FUNCTION street_kind_of(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN name LIKE '%镇' THEN '镇' WHEN name LIKE '%街道' OR name LIKE '%街道办事处' THEN '街道' ELSE '其他' END
$$;

-- Streets stored before this migration without a boundary (street.geom was always optional) take
-- the derived one from now on, like a street registered without one.
UPDATE street SET geom_derived = true WHERE geom IS NULL;
