-- One definition of "a facility as a GeoJSON Feature", used by the API (read, list) and by the
-- history trigger, so what the history keeps is exactly what a client saw.
CREATE FUNCTION facility_as_feature(f facility) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'type', 'Feature',
    'id', f.id,
    'geometry', ST_AsGeoJSON(f.geom, 7, 0)::jsonb, -- 0: no "crs" member (RFC 7946)
    'properties', jsonb_build_object(
      'category', f.category, 'name', f.name, 'address', f.address, 'status', f.status,
      'capacity', f.capacity, 'area_m2', f.area_m2, 'community_code', f.community_code,
      'opened_on', f.opened_on, 'source', f.source, 'source_id', f.source_id, 'extra', f.extra,
      'version', f.version, 'updated_at', f.updated_at, 'updated_by', f.updated_by))
$$;

CREATE OR REPLACE FUNCTION facility_record_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO facility_history (facility_id, version, action, at, by, feature)
  VALUES (NEW.id, NEW.version,
          CASE WHEN TG_OP = 'INSERT' THEN 'create' WHEN NEW.deleted THEN 'delete' ELSE 'update' END,
          NEW.updated_at, NEW.updated_by, facility_as_feature(NEW));
  RETURN NEW;
END $$;

-- Length limits the API promises (and checks first, with a clear message).
ALTER TABLE facility
  ADD CONSTRAINT facility_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
  ADD CONSTRAINT facility_address_length CHECK (address IS NULL OR char_length(address) <= 500),
  ADD CONSTRAINT facility_source_length CHECK (char_length(source) <= 100 AND char_length(source_id) <= 200);
