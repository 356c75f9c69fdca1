-- Linli registry schema. Geometry is stored in CGCS2000 (EPSG:4490, lon/lat);
-- distances are computed on the CGCS2000 ellipsoid through geography casts.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE district (
  code  char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name  text NOT NULL,
  geom  geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX district_geom_gist ON district USING gist (geom);

CREATE TABLE street (
  code          char(9) PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
  name          text NOT NULL,
  kind          text NOT NULL,
  district_code char(6) NOT NULL REFERENCES district (code),
  geom          geometry(MultiPolygon, 4490) CHECK (geom IS NULL OR ST_IsValid(geom))
);
CREATE INDEX street_district ON street (district_code);
CREATE INDEX street_geom_gist ON street USING gist (geom);

CREATE TABLE community (
  code        char(12) PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('community', 'village')),
  street_code char(9) NOT NULL REFERENCES street (code),
  population  integer NOT NULL DEFAULT 0 CHECK (population >= 0),
  workers     integer NOT NULL DEFAULT 0 CHECK (workers >= 0),
  smart       boolean NOT NULL DEFAULT false,
  ref_point   geometry(Point, 4490),
  geom        geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
  -- The point that coverage is measured from: the committee office, or a point on the surface.
  anchor      geometry(Point, 4490) GENERATED ALWAYS AS (COALESCE(ref_point, ST_PointOnSurface(geom))) STORED
);
CREATE INDEX community_street ON community (street_code);
CREATE INDEX community_geom_gist ON community USING gist (geom);
CREATE INDEX community_anchor_gist ON community USING gist (anchor);

CREATE TABLE category (
  code               text PRIMARY KEY,
  name_zh            text NOT NULL,
  name_en            text NOT NULL,
  action             text NOT NULL,
  default_distance_m integer NOT NULL CHECK (default_distance_m > 0),
  standard           text NOT NULL,
  sort_order         integer NOT NULL
);

CREATE TABLE facility (
  id             bigserial PRIMARY KEY,
  category       text NOT NULL REFERENCES category (code),
  name           text NOT NULL,
  address        text,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('planned', 'building', 'open', 'closed')),
  capacity       integer CHECK (capacity IS NULL OR capacity >= 0),
  area_m2        double precision CHECK (area_m2 IS NULL OR area_m2 >= 0),
  community_code char(12) REFERENCES community (code),
  opened_on      date,
  source         text NOT NULL DEFAULT 'manual',
  source_id      text NOT NULL DEFAULT gen_random_uuid()::text,
  extra          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
  geom           geometry(Point, 4490) NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL DEFAULT 'system',
  deleted        boolean NOT NULL DEFAULT false,
  UNIQUE (source, source_id)
);
-- Geography index: nearest-facility searches order by true distance on the ellipsoid.
-- Deliberately no btree on category: the planner combines it with the GiST index badly
-- (see shared DESIGN.md, "Measured").
CREATE INDEX facility_geog_gist ON facility USING gist ((geom::geography));
CREATE INDEX facility_geom_gist ON facility USING gist (geom);
CREATE INDEX facility_community ON facility (community_code);

-- Append-only: one row for every version a facility ever had.
CREATE TABLE facility_history (
  facility_id bigint NOT NULL,
  version     integer NOT NULL,
  action      text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  at          timestamptz NOT NULL DEFAULT now(),
  by          text NOT NULL,
  feature     jsonb NOT NULL,
  PRIMARY KEY (facility_id, version)
);

CREATE FUNCTION facility_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'facility_history is append-only';
END $$;
CREATE TRIGGER facility_history_no_rewrite BEFORE UPDATE OR DELETE ON facility_history
  FOR EACH ROW EXECUTE FUNCTION facility_history_is_append_only();

-- Every insert or update of a facility appends its new version to the history.
CREATE FUNCTION facility_record_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_history (facility_id, version, action, at, by, feature)
  VALUES (NEW.id, NEW.version,
          CASE WHEN TG_OP = 'INSERT' THEN 'create' WHEN NEW.deleted THEN 'delete' ELSE 'update' END,
          NEW.updated_at, NEW.updated_by,
          jsonb_build_object(
            'type', 'Feature', 'id', NEW.id,
            'geometry', ST_AsGeoJSON(NEW.geom)::jsonb,
            'properties', jsonb_build_object(
              'category', NEW.category, 'name', NEW.name, 'address', NEW.address,
              'status', NEW.status, 'capacity', NEW.capacity, 'area_m2', NEW.area_m2,
              'community_code', NEW.community_code, 'opened_on', NEW.opened_on,
              'source', NEW.source, 'source_id', NEW.source_id, 'extra', NEW.extra,
              'version', NEW.version, 'updated_at', NEW.updated_at, 'updated_by', NEW.updated_by)));
  RETURN NEW;
END $$;
CREATE TRIGGER facility_history_append AFTER INSERT OR UPDATE ON facility
  FOR EACH ROW EXECUTE FUNCTION facility_record_history();

CREATE TABLE road (
  id       bigserial PRIMARY KEY,
  highway  text,
  walkable boolean NOT NULL DEFAULT true,
  geom     geometry(LineString, 4490) NOT NULL
);
CREATE INDEX road_geom_gist ON road USING gist (geom);
